import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ROLES } from '../roles';
import { listPatients } from './1766700000000-audit-patient-lookup-at-seal';
import { acrossClinics, enableTenantRls, grantRuntime } from './tenant-rls';
import { AUDIT_EVENT_GUARD_BY_ROW, triggerFunction } from './trigger-function';

const SEAL_COLUMNS = 'seq, prev_hash, hash, sealed_at';

/** audit_event refuses every change: appended once, never updated or deleted. */
const EVENT_GUARD = triggerFunction(
  'app.audit_event_immutable',
  `RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = 'insufficient_privilege';`,
);

/** audit_seal: tandem_system (the sealer) appends; nobody changes or removes a seal. */
const SEAL_GUARD = triggerFunction(
  'app.audit_seal_append_only',
  `IF TG_OP <> 'INSERT' OR current_user <> '${ROLES.system}' THEN
      RAISE EXCEPTION 'audit seals are append-only: only the sealer seals' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;`,
);

/** Every appended event waits for the sealer in audit_unsealed, whichever path appended it. */
const QUEUE_FOR_SEALING = triggerFunction(
  'app.audit_queue_for_sealing',
  `INSERT INTO audit_unsealed (tenant_id, occurred_at, event_id) SELECT tenant_id, occurred_at, id FROM appended;
    RETURN NULL;`,
);

/** The lookup rows of the grouped events a seal statement sealed (1766700000000, now on the seal's INSERT; until 1767100000000). */
export const LIST_PATIENTS_AT_SEAL = triggerFunction(
  'app.audit_list_patients',
  `${listPatients('sealed s JOIN audit_event e ON e.tenant_id = s.tenant_id AND e.id = s.event_id')};
    RETURN NULL;`,
);

/** The same as an UPDATE of audit_event's seal columns (1766700000000). */
const LIST_PATIENTS_AT_UPDATE = triggerFunction('app.audit_list_patients', `${listPatients('sealed e')};\n    RETURN NULL;`);

/**
 * Seals live in a table of their own, and audit_event is never updated.
 *
 * The sealer wrote each event's seal into its own row a few seconds after it was appended. That
 * UPDATE set `seq`, which two indexes name, so it could never be a HOT update: every seal wrote a
 * second whole version of the event (5 kB for a partner's page of 100 records) with an entry in
 * each of audit_event's seven indexes, and left the first for vacuum to remove from all of them.
 * Measured on a copy of the benchmark's trail, 9,000 events: 276–285 ms to seal by UPDATE and
 * 45–48 ms to vacuum after, against 55–57 ms to insert narrow seal rows, 4 ms to take them off
 * the queue and 4 ms to vacuum the queue.
 *
 * - `audit_seal` (tenant_id, seq, event_id, prev_hash, hash, sealed_at): the chain, keyed by
 *   (tenant_id, seq), and an event is sealed at most once (tenant_id, event_id). No foreign key to
 *   audit_event: checking one would lock each event's row, which writes to its page again.
 * - `audit_unsealed` (tenant_id, occurred_at, event_id): the sealer's queue, in sealing order,
 *   filled by a statement trigger on audit_event's INSERT for every way an event is appended (the
 *   gateway's reads, the write triggers, sign-in), emptied by the sealer in the transaction that
 *   seals. It replaces the partial index `audit_event_unsealed`; an event is in exactly one of
 *   the two tables once its transaction commits.
 * - The patient lookup rows of grouped reads are written by a trigger on the seal's INSERT, as
 *   they were on its UPDATE.
 * - audit_event's guard now refuses every UPDATE and DELETE; audit_seal's refuses every change
 *   but tandem_system's INSERT.
 *
 * The seal columns are dropped, not kept for a release: a worker of the previous release would
 * seal into them and a gateway of the previous release would list every new event as unsealed.
 * Both now fail loudly instead (the guard refuses the old sealer's UPDATE; the old review names
 * a column that is gone) until they are replaced: sealing pauses and resumes, nothing is lost
 * (docs/operations.md, "Running migrations safely").
 */
export class AuditSealTable1766900000000 implements MigrationInterface {
  name = 'AuditSealTable1766900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE audit_seal (
        tenant_id uuid NOT NULL,
        seq bigint NOT NULL CHECK (seq > 0),
        event_id uuid NOT NULL,
        prev_hash text,
        hash text NOT NULL,
        sealed_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, seq),
        CONSTRAINT audit_seal_once UNIQUE (tenant_id, event_id),
        CONSTRAINT audit_seal_first_has_no_prev CHECK ((seq = 1) = (prev_hash IS NULL))
      )`);
    await runner.query(`
      CREATE TABLE audit_unsealed (
        tenant_id uuid NOT NULL,
        occurred_at timestamptz NOT NULL,
        event_id uuid NOT NULL,
        PRIMARY KEY (tenant_id, occurred_at, event_id)
      )`);
    for (const table of ['audit_seal', 'audit_unsealed']) await enableTenantRls(runner, table);
    // The review reads both; the queue is filled by the requests' own INSERTs (invoker's trigger).
    await grantRuntime(runner, 'audit_seal', ['SELECT']);
    await grantRuntime(runner, 'audit_unsealed', ['SELECT', 'INSERT']);
    await runner.query(`GRANT SELECT, INSERT ON audit_seal TO ${ROLES.system}`);
    await runner.query(`GRANT SELECT, INSERT, DELETE ON audit_unsealed TO ${ROLES.system}`);

    await runner.query(SEAL_GUARD);
    await runner.query(`REVOKE ALL ON FUNCTION app.audit_seal_append_only() FROM PUBLIC`);
    await runner.query(`CREATE TRIGGER audit_seal_append_only BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON audit_seal FOR EACH STATEMENT EXECUTE FUNCTION app.audit_seal_append_only()`);

    await acrossClinics(runner, ['audit_event', 'audit_seal', 'audit_unsealed'], [
      // Not through the guard above: the owner copies the seals that exist.
      `ALTER TABLE audit_seal DISABLE TRIGGER audit_seal_append_only`,
      `INSERT INTO audit_seal (tenant_id, seq, event_id, prev_hash, hash, sealed_at) SELECT tenant_id, seq, id, prev_hash, hash, sealed_at FROM audit_event WHERE seq IS NOT NULL`,
      `ALTER TABLE audit_seal ENABLE TRIGGER audit_seal_append_only`,
      `INSERT INTO audit_unsealed (tenant_id, occurred_at, event_id) SELECT tenant_id, occurred_at, id FROM audit_event WHERE seq IS NULL`,
    ]);

    await runner.query(QUEUE_FOR_SEALING);
    await runner.query(`REVOKE ALL ON FUNCTION app.audit_queue_for_sealing() FROM PUBLIC`);
    await runner.query(`CREATE TRIGGER audit_event_queue_for_sealing AFTER INSERT ON audit_event REFERENCING NEW TABLE AS appended FOR EACH STATEMENT EXECUTE FUNCTION app.audit_queue_for_sealing()`);

    await runner.query(`DROP TRIGGER audit_event_list_patients ON audit_event`);
    await runner.query(LIST_PATIENTS_AT_SEAL);
    await runner.query(`CREATE TRIGGER audit_seal_list_patients AFTER INSERT ON audit_seal REFERENCING NEW TABLE AS sealed FOR EACH STATEMENT EXECUTE FUNCTION app.audit_list_patients()`);

    await runner.query(EVENT_GUARD);
    await runner.query(`DROP INDEX audit_event_chain`);
    await runner.query(`DROP INDEX audit_event_unsealed`);
    // Their column grant to tandem_system goes with them.
    await runner.query(`
      ALTER TABLE audit_event DROP CONSTRAINT audit_event_seal_whole,
        DROP COLUMN seq, DROP COLUMN prev_hash, DROP COLUMN hash, DROP COLUMN sealed_at`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE audit_event ADD COLUMN seq bigint, ADD COLUMN prev_hash text, ADD COLUMN hash text, ADD COLUMN sealed_at timestamptz`);
    await acrossClinics(runner, ['audit_event', 'audit_seal'], [
      `ALTER TABLE audit_event DISABLE TRIGGER audit_event_immutable`,
      `UPDATE audit_event e SET seq = s.seq, prev_hash = s.prev_hash, hash = s.hash, sealed_at = s.sealed_at
       FROM audit_seal s WHERE e.tenant_id = s.tenant_id AND e.id = s.event_id`,
      `ALTER TABLE audit_event ENABLE TRIGGER audit_event_immutable`,
    ]);
    await runner.query(`ALTER TABLE audit_event ADD CONSTRAINT audit_event_seal_whole CHECK ((seq IS NULL) = (hash IS NULL) AND (seq IS NULL) = (sealed_at IS NULL))`);
    await runner.query(`CREATE UNIQUE INDEX audit_event_chain ON audit_event (tenant_id, seq) WHERE seq IS NOT NULL`);
    await runner.query(`CREATE INDEX audit_event_unsealed ON audit_event (tenant_id, occurred_at, id) WHERE seq IS NULL`);
    await runner.query(`GRANT UPDATE (${SEAL_COLUMNS}) ON audit_event TO ${ROLES.system}`);
    await runner.query(AUDIT_EVENT_GUARD_BY_ROW);

    await runner.query(`DROP TRIGGER audit_seal_list_patients ON audit_seal`);
    await runner.query(LIST_PATIENTS_AT_UPDATE);
    await runner.query(`CREATE TRIGGER audit_event_list_patients AFTER UPDATE ON audit_event REFERENCING NEW TABLE AS sealed FOR EACH STATEMENT EXECUTE FUNCTION app.audit_list_patients()`);

    await runner.query(`DROP TRIGGER audit_event_queue_for_sealing ON audit_event`);
    await runner.query(`DROP FUNCTION app.audit_queue_for_sealing()`);
    await runner.query(`DROP TABLE audit_seal, audit_unsealed`);
    await runner.query(`DROP FUNCTION app.audit_seal_append_only()`);
  }
}
