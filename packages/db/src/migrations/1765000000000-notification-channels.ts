import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantRuntime } from './tenant-rls';

export const NOTIFICATION_KINDS = [
  'MENTION',
  'SAFETY_ALERT',
  'VITALS_ESCALATION',
  'FOLLOW_UP_ASSIGNED',
  'FOLLOW_UP_REMINDER',
  'FOLLOW_UP_OVERDUE',
  'WEBHOOK_DISABLED',
] as const;

/**
 * Channels beyond the inbox: what each member wants by which channel (preferences), and the
 * e-mails owed. An e-mail row is written with the inbox entry and sent after the commit; its
 * dedupe key (cause × recipient × channel) is unique, so a retried job sends nothing twice once
 * the first send was recorded.
 */
export class NotificationChannels1765000000000 implements MigrationInterface {
  name = 'NotificationChannels1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    const kinds = NOTIFICATION_KINDS.map((k) => `'${k}'`).join(', ');
    await runner.query(`ALTER TABLE notification DROP CONSTRAINT notification_kind_check`);
    await runner.query(`ALTER TABLE notification ADD CONSTRAINT notification_kind_check CHECK (kind IN (${kinds}))`);
    await runner.query(`
      CREATE TABLE notification_preference (
        tenant_id uuid NOT NULL,
        membership_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN (${kinds})),
        in_app boolean NOT NULL,
        email boolean NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, membership_id, kind),
        FOREIGN KEY (tenant_id, membership_id) REFERENCES membership (tenant_id, id)
      )`);
    await enableTenantRls(runner, 'notification_preference');
    await grantRuntime(runner, 'notification_preference', ['SELECT', 'INSERT', 'UPDATE']);
    await runner.query(`
      CREATE TABLE email_delivery (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        membership_id uuid NOT NULL,
        notification_id uuid,
        kind text NOT NULL CHECK (kind IN (${kinds})),
        dedupe_key text NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING', 'SENT')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL,
        sent_at timestamptz,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, dedupe_key),
        FOREIGN KEY (tenant_id, membership_id) REFERENCES membership (tenant_id, id),
        FOREIGN KEY (tenant_id, notification_id) REFERENCES notification (tenant_id, id)
      )`);
    await runner.query(`CREATE INDEX email_delivery_pending ON email_delivery (tenant_id, created_at) WHERE status = 'PENDING'`);
    await enableTenantRls(runner, 'email_delivery');
    await grantRuntime(runner, 'email_delivery', ['SELECT', 'INSERT', 'UPDATE']);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE email_delivery`);
    await runner.query(`DROP TABLE notification_preference`);
  }
}
