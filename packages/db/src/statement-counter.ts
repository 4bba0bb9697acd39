import type { QueryRunner, Logger as TypeOrmLogger } from 'typeorm';

/**
 * Counts every SQL statement a data source sends (transaction control included), so tests can
 * assert "a page of 50 costs what a page of 5 costs" instead of timing anything. It also notes
 * the connections on which a statement failed: a shared request transaction must not commit
 * after a failure that the code which caused it caught.
 */
export class StatementCounter implements TypeOrmLogger {
  private count = 0;
  private messages = 0;
  private transactions = 0;
  private readonly failures = new WeakSet<QueryRunner>();

  get statements(): number {
    return this.count;
  }

  /**
   * Writes to PostgreSQL, each a round trip: the statements issued in one turn of the event loop
   * share one (pipelining-client.ts), and BEGIN shares one with the settings.
   */
  get roundTrips(): number {
    return this.messages;
  }

  /** A write to PostgreSQL went out (pipelining-client.ts). */
  wrote(): void {
    this.messages += 1;
  }

  get transactionsBegun(): number {
    return this.transactions;
  }

  logQuery(query: string): void {
    // A request transaction starts with one message holding BEGIN and the settings: two statements
    // (the settings, several SET LOCALs in one message, count as one wherever they are sent).
    const begins = query.startsWith('START TRANSACTION') || query.startsWith('BEGIN;');
    this.count += query.startsWith('BEGIN;') ? 2 : 1;
    if (begins) this.transactions += 1;
  }

  logQueryError(_error: unknown, _query: string, _parameters?: unknown[], runner?: QueryRunner): void {
    if (runner) this.failures.add(runner);
  }

  failedIn(runner: QueryRunner): boolean {
    return this.failures.has(runner);
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
