import type { MigrationInterface, QueryRunner } from 'typeorm';

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
 * so the patient index still finds it; otherwise (records of several patients) the GIN index on
 * `patient_ids` does, led by `tenant_id` through btree_gin like every index here, and holding only
 * those events: each patient id it holds costs the append an index entry.
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
    await runner.query(`CREATE INDEX audit_event_by_patients ON audit_event USING gin (tenant_id, patient_ids) WHERE patient_ids IS NOT NULL AND patient_id IS NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX audit_event_by_patients`);
    await runner.query(`ALTER TABLE audit_event DROP CONSTRAINT audit_event_group_whole, DROP COLUMN subject_ids, DROP COLUMN case_ids, DROP COLUMN patient_ids`);
  }
}
