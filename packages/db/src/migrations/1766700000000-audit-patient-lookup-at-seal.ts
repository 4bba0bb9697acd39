import type { MigrationInterface, QueryRunner } from 'typeorm';
import { acrossClinics } from './tenant-rls';
import { triggerFunction } from './trigger-function';

/** Lists the grouped events of several patients among `events` (audit_event rows as `e`): a row per patient and time. */
export const listPatients = (events: string, where = 'true') => `
  INSERT INTO audit_event_patient (tenant_id, patient_id, occurred_at, event_ids)
  SELECT e.tenant_id, p.patient_id, e.occurred_at, array_agg(DISTINCT e.id)
  FROM ${events} CROSS JOIN LATERAL unnest(e.patient_ids) AS p (patient_id)
  WHERE e.patient_id IS NULL AND p.patient_id IS NOT NULL AND ${where}
  GROUP BY e.tenant_id, p.patient_id, e.occurred_at
  ON CONFLICT DO NOTHING`;

const LIST_PATIENTS = triggerFunction('app.audit_list_patients', `${listPatients('sealed e')};
    RETURN NULL;`);

/**
 * `audit_event_patient` is written when events are sealed, not when they are appended. A partner's
 * page of 100 cases and its upcoming sessions is about 180 lookup rows, each a random insert into
 * the lookup's key: about a third of PostgreSQL's time on the partner sync, paid inside the
 * request. The sealer (services/audit, sealer.ts) already rewrites every event a few seconds after
 * it is appended, in `(occurred_at, id)` order and a thousand at a time; this trigger lists the
 * patients of the events each seal's UPDATE touches, in that UPDATE's transaction. So an event is
 * sealed exactly when its lookup rows exist, and the review finds an unsealed grouped event by its
 * `patient_ids` among the unsealed ones (services/audit, review/audit-log.ts).
 *
 * A trigger, not the sealer's code, so that whichever version seals an event lists it: a worker
 * still on the previous release during a rolling deploy seals without knowing of the lookup. Every
 * UPDATE of audit_event is a seal (`audit_event_immutable` refuses any other). Events appended by a
 * gateway of the previous release already have their rows: the same rows again conflict on the
 * key and are skipped; a request that shared its millisecond with another of the same patient gets
 * one more row listing both, which the review reads once (it selects events by id).
 */
export class AuditPatientLookupAtSeal1766700000000 implements MigrationInterface {
  name = 'AuditPatientLookupAtSeal1766700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(LIST_PATIENTS);
    // Least privilege, as for every function of schema app (1766300000000); a trigger needs no grant.
    await runner.query(`REVOKE ALL ON FUNCTION app.audit_list_patients() FROM PUBLIC`);
    await runner.query(`
      CREATE TRIGGER audit_event_list_patients AFTER UPDATE ON audit_event
      REFERENCING NEW TABLE AS sealed FOR EACH STATEMENT EXECUTE FUNCTION app.audit_list_patients()`);
  }

  /**
   * Events appended after `up` and not yet sealed have no lookup rows, and the previous release's
   * review does not look among the unsealed: `down` lists them, as the previous release would have.
   */
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TRIGGER audit_event_list_patients ON audit_event`);
    await runner.query(`DROP FUNCTION app.audit_list_patients()`);
    await acrossClinics(runner, ['audit_event', 'audit_event_patient'], [listPatients('audit_event e', 'e.seq IS NULL')]);
  }
}
