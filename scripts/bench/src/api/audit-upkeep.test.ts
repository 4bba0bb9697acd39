import { upkeepDue, upkeepStatement } from './audit-upkeep';
import type { AutovacuumSettings, TableActivity } from './audit-upkeep';

/** PostgreSQL 15's defaults. */
const DEFAULTS: AutovacuumSettings = {
  vacuumThreshold: 50,
  vacuumScaleFactor: 0.2,
  insertThreshold: 1000,
  insertScaleFactor: 0.2,
  analyzeThreshold: 50,
  analyzeScaleFactor: 0.1,
};

const table = (overrides: Partial<TableActivity>): TableActivity => ({
  table: 'audit_event', reltuples: 100_000, deadTuples: 0, insertedSinceVacuum: 0, modifiedSinceAnalyze: 0,
  ...overrides,
});

describe('upkeepDue (autovacuum’s rule)', () => {
  it.each([
    // dead rows against 50 + 0.2 × 100,000 = 20,050
    [{ deadTuples: 20_050 }, false],
    [{ deadTuples: 20_051 }, true],
    // inserted rows against 1,000 + 0.2 × 100,000 = 21,000
    [{ insertedSinceVacuum: 21_000 }, false],
    [{ insertedSinceVacuum: 21_001 }, true],
  ])('vacuums %j: %s', (activity, vacuum) => {
    expect(upkeepDue(table(activity), DEFAULTS).vacuum).toBe(vacuum);
  });

  it.each([
    // changed rows against 50 + 0.1 × 100,000 = 10,050
    [10_050, false],
    [10_051, true],
  ])('analyses after %d changed rows: %s', (modifiedSinceAnalyze, analyze) => {
    expect(upkeepDue(table({ modifiedSinceAnalyze }), DEFAULTS).analyze).toBe(analyze);
  });

  it('takes a table never counted (reltuples -1) as empty: the base thresholds alone', () => {
    expect(upkeepDue(table({ reltuples: -1, deadTuples: 51, modifiedSinceAnalyze: 51 }), DEFAULTS)).toEqual({ vacuum: true, analyze: true });
    expect(upkeepDue(table({ reltuples: -1, deadTuples: 50, insertedSinceVacuum: 1_000, modifiedSinceAnalyze: 50 }), DEFAULTS)).toEqual({ vacuum: false, analyze: false });
  });

  it('never vacuums for inserts when their threshold is -1', () => {
    expect(upkeepDue(table({ reltuples: 0, insertedSinceVacuum: 1_000_000 }), { ...DEFAULTS, insertThreshold: -1 }).vacuum).toBe(false);
  });

  it('does nothing to a table nothing happened to', () => {
    expect(upkeepDue(table({}), DEFAULTS)).toEqual({ vacuum: false, analyze: false });
  });
});

describe('upkeepStatement', () => {
  it.each([
    [{ vacuum: true, analyze: true }, 'VACUUM (ANALYZE) audit_seal'],
    [{ vacuum: true, analyze: false }, 'VACUUM audit_seal'],
    [{ vacuum: false, analyze: true }, 'ANALYZE audit_seal'],
    [{ vacuum: false, analyze: false }, null],
  ])('for %j is %s', (due, statement) => {
    expect(upkeepStatement('audit_seal', due)).toBe(statement);
  });
});
