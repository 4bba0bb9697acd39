import type { MigrationInterface, QueryRunner } from 'typeorm';
import { listPatients } from './1766700000000-audit-patient-lookup-at-seal';
import { LIST_PATIENTS_AT_SEAL } from './1766900000000-audit-seal-table';
import { acrossClinics } from './tenant-rls';

/**
 * A grouped read of several patients' records is found by its patient through a GIN index on
 * (`tenant_id`, `patient_ids`), not through lookup rows written when it is sealed.
 *
 * The lookup rows (audit_event_patient, one per patient and time, 1766400000000–1766900000000)
 * were the dearest part of sealing: a partner's page of 100 cases and its upcoming sessions names
 * about 180 patients, and their rows cost PostgreSQL 1.5–1.7 ms per partner sync of the 2.2–2.3
 * ms its seal took (`pnpm bench:api:profile` with the trigger on and off, 2026-12-03), plus the
 * vacuuming of a table of random inserts. The index costs the append about 0.1–0.2 ms per
 * partner sync, its pending list taking the entries (fastupdate) and vacuum merging them.
 *
 * - The index is partial: only events of several patients' records (`patient_id` NULL and
 *   `patient_ids` set) are in it; every other event is found by audit_event_by_patient.
 * - Under row-level security PostgreSQL uses it only if array containment (`arraycontains`) is
 *   LEAKPROOF, which provisioning marks (packages/db, provision.ts); without the mark the review
 *   still answers, from the events of the time windows it reads (services/audit,
 *   review/audit-log.ts), only slower.
 * - A GIN index returns events unordered; the review asks it for one time window at a time,
 *   newest first, so a patient a partner reads every minute never costs a sort of years of events.
 * - Unsealed and sealed events alike are in the index, so the review no longer looks among the
 *   unsealed apart.
 *
 * The lookup table stays, unwritten and unread, for one release: a gateway of the previous
 * release reviewing during a rolling deploy reads it, and misses the grouped events sealed since
 * this migration until it is replaced (they are in the trail; only that gateway's review of a
 * patient does not list them). A later release drops it.
 */
export class AuditGroupedPatientsIndex1767100000000 implements MigrationInterface {
  name = 'AuditGroupedPatientsIndex1767100000000';

  async up(runner: QueryRunner): Promise<void> {
    // Led by tenant_id, as every index of a clinic's table (btree_gin, migration 1764400000000).
    await runner.query(`CREATE INDEX audit_event_grouped_patients ON audit_event USING gin (tenant_id, patient_ids) WHERE patient_id IS NULL AND patient_ids IS NOT NULL`);
    await runner.query(`DROP TRIGGER audit_seal_list_patients ON audit_seal`);
    await runner.query(`DROP FUNCTION app.audit_list_patients()`);
  }

  /** The previous release reads sealed grouped events from the lookup: those sealed since `up` get their rows. */
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(LIST_PATIENTS_AT_SEAL);
    await runner.query(`REVOKE ALL ON FUNCTION app.audit_list_patients() FROM PUBLIC`);
    await runner.query(`CREATE TRIGGER audit_seal_list_patients AFTER INSERT ON audit_seal REFERENCING NEW TABLE AS sealed FOR EACH STATEMENT EXECUTE FUNCTION app.audit_list_patients()`);
    const sealedUnlisted = `EXISTS (SELECT 1 FROM audit_seal s WHERE s.tenant_id = e.tenant_id AND s.event_id = e.id)
      AND NOT EXISTS (SELECT 1 FROM audit_event_patient ep WHERE ep.tenant_id = e.tenant_id AND ep.patient_id = p.patient_id AND ep.occurred_at = e.occurred_at AND e.id = ANY (ep.event_ids))`;
    await acrossClinics(runner, ['audit_event', 'audit_seal', 'audit_event_patient'], [listPatients('audit_event e', sealedUnlisted)]);
    await runner.query(`DROP INDEX audit_event_grouped_patients`);
  }
}
