import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * Counts every SQL statement a data source sends (transaction control included), so tests can
 * assert "a page of 50 costs what a page of 5 costs" instead of timing anything.
 */
export class StatementCounter implements TypeOrmLogger {
  private count = 0;

  get statements(): number {
    return this.count;
  }

  logQuery(): void {
    this.count += 1;
  }

  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
