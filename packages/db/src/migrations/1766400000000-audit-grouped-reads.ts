import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantRuntime } from './tenant-rls';

/**
 * One read event may cover several records: a request's reads of one subject type with the same
 * fields are appended as ONE event listing every record (services/audit, record-reads.ts). A
 * partner's page of 100 cases with their patients and PHQ-9s was 400 events, each maintaining
 * every index of the table (about 30 µs of PostgreSQL's time per event); it is now four.
 *
 * `subject_ids`, `case_ids` and `patient_ids` are aligned (record i is of case i and patient i)
 * and set only on an event of two records or more; an event of one record keeps using
 * `subject_id`, `case_id` and `patient_id` alone, as every event did before. On a grouped event
 * `case_id` and `patient_id` are set when all its records share them (a case's page of notes),
 * so the patient index still finds it.
 *
 * An event of several patients' records is found by patient through `audit_event_patient`, one
 * row per event and patient, appended by the same statement. Not a GIN index on `patient_ids`:
 * array containment is not leakproof, so under row-level security PostgreSQL will not use it as
 * an index condition, and such an index returned every grouped event of the clinic (30 ms for
 * 50,000, growing with them). The lookup table is derived from sealed content (`patient_ids`), so
 * it is not sealed itself; the runtime roles may only read it and append to it.
 */
export class AuditGroupedReads1766400000000 implements MigrationInterface {
  name = 'AuditGroupedReads1766400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE audit_event ADD COLUMN subject_ids uuid[], ADD COLUMN case_ids uuid[], ADD COLUMN patient_ids uuid[]`);
    await runner.query(`
      ALTER TABLE audit_event ADD CONSTRAINT audit_event_group_whole CHECK (
        (subject_ids IS NULL) = (patient_ids IS NULL) AND (subject_ids IS NULL) = (case_ids IS NULL)
        AND (subject_ids IS NULL OR (cardinality(subject_ids) >= 2 AND cardinality(subject_ids) = cardinality(patient_ids)
                                     AND cardinality(subject_ids) = cardinality(case_ids) AND subject_id IS NULL)))`);
    await runner.query(`
      CREATE TABLE audit_event_patient (
        tenant_id uuid NOT NULL,
        patient_id uuid NOT NULL,
        occurred_at timestamptz NOT NULL,
        event_id uuid NOT NULL,
        PRIMARY KEY (tenant_id, patient_id, occurred_at, event_id)
      )`);
    await enableTenantRls(runner, 'audit_event_patient');
    await grantRuntime(runner, 'audit_event_patient', ['SELECT', 'INSERT']);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE audit_event_patient`);
    await runner.query(`ALTER TABLE audit_event DROP CONSTRAINT audit_event_group_whole, DROP COLUMN subject_ids, DROP COLUMN case_ids, DROP COLUMN patient_ids`);
  }
}
