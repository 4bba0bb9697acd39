import type { MigrationInterface, QueryRunner } from 'typeorm';
import { acrossClinics } from './tenant-rls';

/**
 * Each seal records how it encoded its event: `audit_seal.content_format`.
 *
 * - 1: the record lists of a grouped read as jsonb text, every id spelled out (1766400000000).
 *   Every seal made before this migration, and every seal a sealer of the previous release makes
 *   during a rolling deploy (it names no format, so it gets the default).
 * - 2: the lists as the sha256 of their binary form (services/audit/src/chain.ts). Printing a
 *   partner's page of 100 records as text was most of the seal's cost: 1,200 ids turned into
 *   text by PostgreSQL, sent to the worker and hashed there, for four events. Measured with
 *   `pnpm bench:api:profile`: the sealer's PostgreSQL CPU per partner sync 0.75 → 0.17 ms, its
 *   own 0.31 → 0.04 ms.
 *
 * An event without lists encodes the same in both. The verifier reads each seal's format, so a
 * chain may mix them. A column with a constant default is added without rewriting the table.
 */
export class AuditSealContentFormat1767300000000 implements MigrationInterface {
  name = 'AuditSealContentFormat1767300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE audit_seal ADD COLUMN content_format smallint NOT NULL DEFAULT 1 CONSTRAINT audit_seal_content_format CHECK (content_format IN (1, 2))`);
  }

  /**
   * Refused once a seal of format 2 exists: the previous release's verifier would report every
   * such link as changed after sealing. Seals stay as they are (append-only), so there is no
   * way back to format 1 for them.
   */
  async down(runner: QueryRunner): Promise<void> {
    // Across clinics: row-level security would otherwise show the owner no seal at all.
    await acrossClinics(runner, ['audit_seal'], [
      `DO $$
       BEGIN
         IF EXISTS (SELECT 1 FROM audit_seal WHERE content_format <> 1) THEN
           RAISE EXCEPTION 'audit seals of content format 2 exist: the previous release cannot verify them, so this migration is not undone';
         END IF;
       END $$`,
    ]);
    await runner.query(`ALTER TABLE audit_seal DROP COLUMN content_format`);
  }
}
