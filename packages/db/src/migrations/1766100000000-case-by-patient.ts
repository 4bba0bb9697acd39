import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A patient's cases, by patient. The only index on clinical_case (tenant_id, patient_id) was the
 * partial one that keeps one case open per patient, so every "this patient's care teams" lookup
 * (the patient policy's condition, read with each patient) scanned the clinic's cases: in the
 * partner benchmark, 27 ms of a 35 ms partner sync in PostgreSQL (docs/performance.md).
 */
export class CaseByPatient1766100000000 implements MigrationInterface {
  name = 'CaseByPatient1766100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX clinical_case_by_patient ON clinical_case (tenant_id, patient_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX clinical_case_by_patient`);
  }
}
