import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_EVENT_GUARD_BY_JSON, AUDIT_EVENT_GUARD_BY_ROW } from './trigger-function';

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
export class AuditImmutableRowCompare1766800000000 implements MigrationInterface {
  name = 'AuditImmutableRowCompare1766800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(AUDIT_EVENT_GUARD_BY_ROW);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(AUDIT_EVENT_GUARD_BY_JSON);
  }
}
