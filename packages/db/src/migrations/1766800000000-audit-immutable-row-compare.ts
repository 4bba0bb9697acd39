import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ROLES } from '../roles';
import { AUDIT_EVENT_IMMUTABLE_BY_JSON } from './1765300000000-audit-trail';

const orReplace = (sql: string) => sql.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION');

/**
 * The guard of audit_event compares an UPDATE's row with the old one as rows, not as jsonb. It
 * turned both versions of every event the sealer seals into jsonb to compare all but the seal
 * columns: for an event listing 100 records, 300 uuids rendered as text twice, about 130 µs a row
 * (4,000 such rows sealed in 535–660 ms, against 88–118 ms comparing rows and 43–46 ms comparing
 * nothing; PostgreSQL 15, two alternations). The rule is the same: `kept` is the new row with the
 * old seal, of the table's own row type, so a column added later is compared too, and `IS
 * DISTINCT FROM` compares each column with its type's equality (every column of audit_event has
 * one; two NULLs, or two lists with NULL at the same place, are not distinct).
 */
const AUDIT_EVENT_IMMUTABLE_BY_ROW = `
  CREATE OR REPLACE FUNCTION app.audit_event_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    kept audit_event;
  BEGIN
    IF TG_OP <> 'UPDATE' THEN
      RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = 'insufficient_privilege';
    END IF;
    kept := NEW;
    kept.seq := OLD.seq;
    kept.prev_hash := OLD.prev_hash;
    kept.hash := OLD.hash;
    kept.sealed_at := OLD.sealed_at;
    IF current_user <> '${ROLES.system}' OR OLD.seq IS NOT NULL OR kept IS DISTINCT FROM OLD THEN
      RAISE EXCEPTION 'audit events are append-only: only the sealer seals an unsealed event' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END $$`;

export class AuditImmutableRowCompare1766800000000 implements MigrationInterface {
  name = 'AuditImmutableRowCompare1766800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(AUDIT_EVENT_IMMUTABLE_BY_ROW);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(orReplace(AUDIT_EVENT_IMMUTABLE_BY_JSON));
  }
}
