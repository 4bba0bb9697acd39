import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trend index ends with the measure's id, the tie-breaker of every query that orders a case's
 * measures (`administered_at, id`): the latest PHQ-9 of each case of a partner's page, and the
 * trend. Without it PostgreSQL read each case's newest two scores and sorted them (an incremental
 * sort per case) to find the newest one; now it reads one row and stops. Measured under the
 * runtime role on the benchmark's data, 100 cases with six PHQ-9s each, the statement's
 * execution 0.46–0.50 ms before and 0.35–0.39 ms after (EXPLAIN ANALYZE, warm).
 */
export class MeasureTrendById1767400000000 implements MigrationInterface {
  name = 'MeasureTrendById1767400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX measure_response_trend_by_id ON measure_response (tenant_id, case_id, instrument, administered_at, id)`);
    await runner.query(`DROP INDEX measure_response_trend`);
    await runner.query(`ALTER INDEX measure_response_trend_by_id RENAME TO measure_response_trend`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX measure_response_trend_by_time ON measure_response (tenant_id, case_id, instrument, administered_at)`);
    await runner.query(`DROP INDEX measure_response_trend`);
    await runner.query(`ALTER INDEX measure_response_trend_by_time RENAME TO measure_response_trend`);
  }
}
