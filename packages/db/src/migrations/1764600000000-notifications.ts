import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantRuntime } from './tenant-rls';

/**
 * The in-app inbox. A delivery is idempotent: its dedupe key (outbox event × recipient ×
 * channel) is unique, so a retried job never makes a second entry.
 */
export class Notifications1764600000000 implements MigrationInterface {
  name = 'Notifications1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE notification (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        membership_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('MENTION', 'SAFETY_ALERT')),
        subject_type text NOT NULL,
        subject_id uuid NOT NULL,
        case_id uuid,
        dedupe_key text NOT NULL,
        created_at timestamptz NOT NULL,
        read_at timestamptz,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, dedupe_key),
        FOREIGN KEY (tenant_id, membership_id) REFERENCES membership (tenant_id, id)
      )`);
    await runner.query(`CREATE INDEX notification_inbox ON notification (tenant_id, membership_id, id)`);
    await enableTenantRls(runner, 'notification');
    await grantRuntime(runner, 'notification', ['SELECT', 'INSERT', 'UPDATE']);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE notification`);
  }
}
