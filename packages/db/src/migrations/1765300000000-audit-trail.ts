import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ROLES } from '../roles';
import { AUDIT_WRITE_FUNCTIONS, AUDITED_TABLES } from './audit-write-triggers';
import { AUDIT_EVENT_GUARD_BY_JSON } from './trigger-function';

/**
 * The audit trail of issue 9 (docs/audit.md):
 * - who acted as what (acting_roles), for which patient, under an emergency-access grant or not;
 * - the seal: each tenant's events get a sequence number and a sha256 chained to the previous
 *   one, assigned afterwards by the worker's sealer (never inside a request's transaction, so
 *   readers never queue behind a per-tenant lock). The seal columns may be set once, by
 *   tandem_system only; a trigger refuses every other UPDATE, every DELETE and TRUNCATE;
 * - writes to PHI tables are recorded by statement-level triggers (one INSERT per statement);
 * - the runtime role may now SELECT (the admins' review; RLS by tenant still applies).
 */
export class AuditTrail1765300000000 implements MigrationInterface {
  name = 'AuditTrail1765300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE audit_event
        ADD COLUMN acting_roles text[],
        ADD COLUMN patient_id uuid,
        ADD COLUMN emergency boolean NOT NULL DEFAULT false,
        ADD COLUMN seq bigint,
        ADD COLUMN prev_hash text,
        ADD COLUMN hash text,
        ADD COLUMN sealed_at timestamptz,
        ALTER COLUMN request_id DROP NOT NULL,
        ALTER COLUMN subject_id DROP NOT NULL,
        DROP CONSTRAINT audit_event_actor_kind_check,
        ADD CONSTRAINT audit_event_actor_kind_check CHECK (actor_kind IN ('user', 'partner', 'anonymous', 'system', 'unknown')),
        ADD CONSTRAINT audit_event_seal_whole CHECK ((seq IS NULL) = (hash IS NULL) AND (seq IS NULL) = (sealed_at IS NULL))`);
    await runner.query(`CREATE UNIQUE INDEX audit_event_chain ON audit_event (tenant_id, seq) WHERE seq IS NOT NULL`);
    await runner.query(`CREATE INDEX audit_event_unsealed ON audit_event (tenant_id, occurred_at, id) WHERE seq IS NULL`);
    await runner.query(`CREATE INDEX audit_event_by_time ON audit_event (tenant_id, occurred_at DESC, id DESC)`);
    await runner.query(`CREATE INDEX audit_event_by_patient ON audit_event (tenant_id, patient_id, occurred_at DESC, id DESC)`);
    await runner.query(`CREATE INDEX audit_event_by_actor ON audit_event (tenant_id, actor_id, occurred_at DESC, id DESC)`);
    await runner.query(AUDIT_EVENT_GUARD_BY_JSON);
    await runner.query(`CREATE TRIGGER audit_event_immutable BEFORE UPDATE OR DELETE ON audit_event FOR EACH ROW EXECUTE FUNCTION app.audit_event_immutable()`);
    await runner.query(`CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event FOR EACH STATEMENT EXECUTE FUNCTION app.audit_event_immutable()`);
    await runner.query(`GRANT SELECT ON audit_event TO ${ROLES.runtime}`);
    // tandem_app inherits this through its membership of tandem_system; the trigger above is
    // what limits it to the sealer (current_user is tandem_system only inside asSystem).
    await runner.query(`GRANT UPDATE (seq, prev_hash, hash, sealed_at) ON audit_event TO ${ROLES.system}`);
    for (const sql of AUDIT_WRITE_FUNCTIONS) await runner.query(sql);
    for (const { table, subject, link } of AUDITED_TABLES) {
      for (const [event, transition] of [['INSERT', 'NEW TABLE AS new_rows'], ['UPDATE', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'], ['DELETE', 'OLD TABLE AS old_rows']] as const) {
        await runner.query(
          `CREATE TRIGGER audit_${event.toLowerCase()} AFTER ${event} ON ${table} REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION app.audit_write('${subject}', '${link}')`,
        );
      }
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const { table } of AUDITED_TABLES) {
      for (const event of ['insert', 'update', 'delete']) await runner.query(`DROP TRIGGER audit_${event} ON ${table}`);
    }
    await runner.query(`DROP FUNCTION app.audit_write()`);
    await runner.query(`DROP FUNCTION app.audit_append(text, text, text, jsonb)`);
    await runner.query(`DROP TRIGGER audit_event_no_truncate ON audit_event`);
    await runner.query(`DROP TRIGGER audit_event_immutable ON audit_event`);
    await runner.query(`DROP FUNCTION app.audit_event_immutable()`);
    await runner.query(`REVOKE SELECT ON audit_event FROM ${ROLES.runtime}`);
    await runner.query(`REVOKE UPDATE (seq, prev_hash, hash, sealed_at) ON audit_event FROM ${ROLES.system}`);
    for (const index of ['chain', 'unsealed', 'by_time', 'by_patient', 'by_actor']) await runner.query(`DROP INDEX audit_event_${index}`);
    await runner.query(`
      ALTER TABLE audit_event
        DROP CONSTRAINT audit_event_seal_whole,
        DROP CONSTRAINT audit_event_actor_kind_check,
        ADD CONSTRAINT audit_event_actor_kind_check CHECK (actor_kind IN ('user', 'partner', 'anonymous')),
        DROP COLUMN acting_roles, DROP COLUMN patient_id, DROP COLUMN emergency,
        DROP COLUMN seq, DROP COLUMN prev_hash, DROP COLUMN hash, DROP COLUMN sealed_at`);
  }
}
