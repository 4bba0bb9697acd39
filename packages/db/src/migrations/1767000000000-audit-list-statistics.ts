import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit trail's columns no query filters or joins on by value, each on its table. */
const UNFILTERED: Readonly<Record<string, readonly string[]>> = {
  audit_event: ['subject_ids', 'case_ids', 'patient_ids'],
  audit_event_patient: ['event_ids'],
  audit_seal: ['prev_hash', 'hash'],
};

/** One ALTER TABLE per table, setting each listed column's statistics target (-1: the server's default). */
export const statisticsTarget = (target: number, columnsByTable: Readonly<Record<string, readonly string[]>> = UNFILTERED) =>
  Object.entries(columnsByTable).map(([table, columns]) => `ALTER TABLE ${table} ${columns.map((column) => `ALTER COLUMN ${column} SET STATISTICS ${target}`).join(', ')}`);

/**
 * ANALYZE gathers no statistics on the audit trail's id lists and hashes. For a list column it
 * counts every element of every sampled row (30,000 rows, and a partner's page lists 100 records
 * in each of three lists), and no plan reads those counts: the review reads the lists
 * (`unnest`) but finds events by patient through audit_event_patient's key, and its one
 * containment test (`patient_ids @> …`, on the few events still waiting for the sealer) runs on
 * rows found by key. The hashes are unique and compared only after a seal is found by its keys.
 * Autovacuum analyses these tables each time a tenth of them has changed; on 30,000 events of
 * three 92-id lists, ANALYZE took 814–1,088 ms with the lists' statistics and 313–337 ms without,
 * and on the benchmark's trail (8 % of it grouped) 370–410 ms against 330 (PostgreSQL 15).
 */
export class AuditListStatistics1767000000000 implements MigrationInterface {
  name = 'AuditListStatistics1767000000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const sql of statisticsTarget(0)) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    // -1: back to default_statistics_target.
    for (const sql of statisticsTarget(-1)) await runner.query(sql);
  }
}
