import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the hourly care-rule sweep (docs/notifications.md): open follow-ups of a kind (to
 * close a measure follow-up once the measure is recorded) and consents in force (to find those
 * nearing expiry). Both lead with tenant_id: the sweep works one clinic at a time.
 */
export class CareRules1764760000000 implements MigrationInterface {
  name = 'CareRules1764760000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX follow_up_open_by_kind ON follow_up (tenant_id, kind, case_id) WHERE status = 'OPEN'`);
    await runner.query(`CREATE INDEX patient_consent_in_force ON patient_consent (tenant_id, signed_at) WHERE revoked_at IS NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX patient_consent_in_force`);
    await runner.query(`DROP INDEX follow_up_open_by_kind`);
  }
}
