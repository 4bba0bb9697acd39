import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trainee facilitators (docs/credentials.md): a dosing session names the participant who
 * supervises it, and keeps which facilitators were trainees when it was scheduled, so their notes
 * on the session ask for the supervisor's co-signature.
 */
export class SessionSupervision1765900000000 implements MigrationInterface {
  name = 'SessionSupervision1765900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE treatment_session ADD COLUMN supervisor_id uuid, ADD COLUMN trainee_ids uuid[] NOT NULL DEFAULT '{}'`);
    await runner.query(`ALTER TABLE treatment_session ADD CONSTRAINT treatment_session_supervisor_fk FOREIGN KEY (tenant_id, supervisor_id) REFERENCES membership (tenant_id, id)`);
    await runner.query(`ALTER TABLE treatment_session ADD CONSTRAINT treatment_session_trainees_supervised CHECK (cardinality(trainee_ids) = 0 OR supervisor_id IS NOT NULL)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE treatment_session DROP COLUMN trainee_ids, DROP COLUMN supervisor_id`);
  }
}
