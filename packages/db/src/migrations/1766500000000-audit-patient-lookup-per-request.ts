import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `audit_event_patient` gets one row per request and patient, listing that request's grouped
 * events of the patient (`event_ids`), instead of one row per event and patient. A partner's page
 * of 100 cases with their patients, PHQ-9s and sessions is four grouped events, each naming the
 * same 100 patients: 400 lookup rows before, 100 now (the append's PostgreSQL time, 3.7 ms, was
 * over a third those rows). A review by patient reads the row and then each event it lists.
 *
 * The primary key keeps every row unique: the event ids are new with each append. Existing rows
 * become rows of one event each (the owner, not subject to RLS once it is not forced, rewrites
 * every clinic's rows; the runtime roles still may only read and append).
 */
export class AuditPatientLookupPerRequest1766500000000 implements MigrationInterface {
  name = 'AuditPatientLookupPerRequest1766500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE audit_event_patient NO FORCE ROW LEVEL SECURITY`);
    await runner.query(`ALTER TABLE audit_event_patient ADD COLUMN event_ids uuid[]`);
    await runner.query(`UPDATE audit_event_patient SET event_ids = ARRAY[event_id]`);
    await runner.query(`
      ALTER TABLE audit_event_patient
        DROP CONSTRAINT audit_event_patient_pkey,
        DROP COLUMN event_id,
        ALTER COLUMN event_ids SET NOT NULL,
        ADD CONSTRAINT audit_event_patient_events CHECK (cardinality(event_ids) >= 1),
        ADD PRIMARY KEY (tenant_id, patient_id, occurred_at, event_ids)`);
    await runner.query(`ALTER TABLE audit_event_patient FORCE ROW LEVEL SECURITY`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE audit_event_patient NO FORCE ROW LEVEL SECURITY`);
    await runner.query(`ALTER TABLE audit_event_patient DROP CONSTRAINT audit_event_patient_pkey, DROP CONSTRAINT audit_event_patient_events, ADD COLUMN event_id uuid`);
    // One row per listed event beside each row, then the rows that listed them go.
    await runner.query(`
      INSERT INTO audit_event_patient (tenant_id, patient_id, occurred_at, event_ids, event_id)
      SELECT a.tenant_id, a.patient_id, a.occurred_at, a.event_ids, e.event_id FROM audit_event_patient a CROSS JOIN LATERAL unnest(a.event_ids) AS e (event_id)`);
    await runner.query(`DELETE FROM audit_event_patient WHERE event_id IS NULL`);
    await runner.query(`ALTER TABLE audit_event_patient DROP COLUMN event_ids, ALTER COLUMN event_id SET NOT NULL, ADD PRIMARY KEY (tenant_id, patient_id, occurred_at, event_id)`);
    await runner.query(`ALTER TABLE audit_event_patient FORCE ROW LEVEL SECURITY`);
  }
}
