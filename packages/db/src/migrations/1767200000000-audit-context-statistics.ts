import type { MigrationInterface, QueryRunner } from 'typeorm';
import { statisticsTarget } from './1767000000000-audit-list-statistics';

/** audit_event's columns that describe a request, never filtered or joined on by value. */
const REQUEST_CONTEXT = { audit_event: ['request_id', 'ip', 'user_agent', 'fields', 'acting_roles'] } as const;

/**
 * ANALYZE gathers no statistics on what an audit event records of its request: the request id,
 * the address and user agent, the field names and the actor's roles. The review shows them and
 * the export writes them; no query selects events by them, so no plan reads their statistics,
 * and two of them are lists, whose element statistics are the dearest ANALYZE gathers (as for
 * the record lists, migration 1767000000000). Autovacuum analyses the trail each time a tenth of
 * it has changed. On a scratch trail of 150,000 events (8 % of them grouped reads of 100 records,
 * PostgreSQL 15), ANALYZE took 594–639 ms with these statistics and 335–391 ms without, four times
 * each, alternated.
 */
export class AuditContextStatistics1767200000000 implements MigrationInterface {
  name = 'AuditContextStatistics1767200000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const sql of statisticsTarget(0, REQUEST_CONTEXT)) await runner.query(sql);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const sql of statisticsTarget(-1, REQUEST_CONTEXT)) await runner.query(sql);
  }
}
