import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What partners sync by: follow-ups gain `updated_at` (set by every statement that changes one),
 * and the lists partners page by time get indexes in their order: follow-ups by (updated_at, id),
 * sessions by (starts_at, id), cases by (updated_at, id). Times are kept to the millisecond, as
 * clients' cursors carry them.
 */
export class SyncColumns1765200000000 implements MigrationInterface {
  name = 'SyncColumns1765200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE follow_up ADD COLUMN updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())`);
    await runner.query(`UPDATE follow_up SET updated_at = date_trunc('milliseconds', COALESCE(closed_at, created_at))`);
    await runner.query(`CREATE INDEX follow_up_by_update ON follow_up (tenant_id, updated_at, id)`);
    await runner.query(`CREATE INDEX treatment_session_by_start ON treatment_session (tenant_id, starts_at, id)`);
    await runner.query(`CREATE INDEX clinical_case_by_update ON clinical_case (tenant_id, updated_at, id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX clinical_case_by_update`);
    await runner.query(`DROP INDEX treatment_session_by_start`);
    await runner.query(`DROP INDEX follow_up_by_update`);
    await runner.query(`ALTER TABLE follow_up DROP COLUMN updated_at`);
  }
}
