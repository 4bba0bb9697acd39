import type { MigrationInterface, QueryRunner } from 'typeorm';
import { NOTIFICATION_KINDS } from './1765000000000-notification-channels';

const KIND_CHECKS = ['notification', 'notification_preference', 'email_delivery'] as const;
const BEFORE = [...NOTIFICATION_KINDS, 'EMERGENCY_ACCESS'];
const CREDENTIAL_KINDS = ['CREDENTIAL_EXPIRING', 'CREDENTIAL_EXPIRED', 'SESSION_BLOCKED'];

/**
 * The credential sweep's notification kinds (docs/credentials.md, "Expiry reminders" and
 * "Blocked sessions"): a holder reminded before expiry, admins told on expiry, and a session
 * blocked by a credential that lapses before it. No table: the kinds only.
 */
export class CredentialNotifications1765800000000 implements MigrationInterface {
  name = 'CredentialNotifications1765800000000';

  async up(runner: QueryRunner): Promise<void> {
    await allowKinds(runner, [...BEFORE, ...CREDENTIAL_KINDS]);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['email_delivery', 'notification', 'notification_preference']) await runner.query(`DELETE FROM ${table} WHERE kind = ANY($1::text[])`, [CREDENTIAL_KINDS]);
    await allowKinds(runner, BEFORE);
  }
}

async function allowKinds(runner: QueryRunner, kinds: readonly string[]): Promise<void> {
  const list = kinds.map((k) => `'${k}'`).join(', ');
  for (const table of KIND_CHECKS) {
    await runner.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_kind_check`);
    await runner.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_kind_check CHECK (kind IN (${list}))`);
  }
}
