import { Client } from 'pg';
import type { Database } from '@tandem/db';
import type { CpuMeter, WorkloadFigures } from './measure';
import { sealEverything, whileSealing } from './sealing';

/** The tables Tandem's audited reads write to (docs/audit.md; audit_event_patient until migration 1767100000000). */
const AUDIT_TABLES = ['audit_event', 'audit_seal', 'audit_unsealed'] as const;

/** What autovacuum's launcher reads of a table to decide (pg_class, pg_stat_user_tables). */
export interface TableActivity {
  readonly table: string;
  /** pg_class.reltuples: -1 until the table is first vacuumed or analysed. */
  readonly reltuples: number;
  readonly deadTuples: number;
  readonly insertedSinceVacuum: number;
  readonly modifiedSinceAnalyze: number;
}

/** The server's autovacuum thresholds (postgresql.conf; no audit table overrides them). */
export interface AutovacuumSettings {
  readonly vacuumThreshold: number;
  readonly vacuumScaleFactor: number;
  /** -1 turns vacuuming for inserts off. */
  readonly insertThreshold: number;
  readonly insertScaleFactor: number;
  readonly analyzeThreshold: number;
  readonly analyzeScaleFactor: number;
}

export interface UpkeepDue {
  readonly vacuum: boolean;
  readonly analyze: boolean;
}

/**
 * Whether autovacuum would vacuum or analyse the table now: PostgreSQL's own rule
 * (`relation_needs_vacanalyze` in autovacuum.c, version 15), each count against a base threshold
 * plus a share of the table's rows, a never-counted table taken as empty.
 */
export function upkeepDue(activity: TableActivity, settings: AutovacuumSettings): UpkeepDue {
  const rows = Math.max(0, activity.reltuples);
  const insertsCount = settings.insertThreshold >= 0 && activity.insertedSinceVacuum > settings.insertThreshold + settings.insertScaleFactor * rows;
  return {
    vacuum: activity.deadTuples > settings.vacuumThreshold + settings.vacuumScaleFactor * rows || insertsCount,
    analyze: activity.modifiedSinceAnalyze > settings.analyzeThreshold + settings.analyzeScaleFactor * rows,
  };
}

/** The statement that does what is due, or null when nothing is. */
export function upkeepStatement(table: string, due: UpkeepDue): string | null {
  if (due.vacuum) return due.analyze ? `VACUUM (ANALYZE) ${table}` : `VACUUM ${table}`;
  return due.analyze ? `ANALYZE ${table}` : null;
}

/** The server's autovacuum thresholds, read once: they do not change during a run. */
async function autovacuumSettings(owner: Client): Promise<AutovacuumSettings> {
  const setting = (name: string, as: keyof AutovacuumSettings) => `current_setting('${name}')::float8 AS "${as}"`;
  const { rows } = await owner.query<AutovacuumSettings>(
    `SELECT ${setting('autovacuum_vacuum_threshold', 'vacuumThreshold')}, ${setting('autovacuum_vacuum_scale_factor', 'vacuumScaleFactor')},
            ${setting('autovacuum_vacuum_insert_threshold', 'insertThreshold')}, ${setting('autovacuum_vacuum_insert_scale_factor', 'insertScaleFactor')},
            ${setting('autovacuum_analyze_threshold', 'analyzeThreshold')}, ${setting('autovacuum_analyze_scale_factor', 'analyzeScaleFactor')}`,
  );
  return rows[0];
}

async function auditTableActivity(owner: Client): Promise<TableActivity[]> {
  const { rows } = await owner.query<TableActivity>(
    `SELECT s.relname AS "table", c.reltuples::float8 AS reltuples, s.n_dead_tup::float8 AS "deadTuples",
            s.n_ins_since_vacuum::float8 AS "insertedSinceVacuum", s.n_mod_since_analyze::float8 AS "modifiedSinceAnalyze"
     FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid WHERE s.relname = ANY($1)`,
    [AUDIT_TABLES],
  );
  return rows;
}

/**
 * The upkeep a turn of audited reads leaves, done at once so that it is charged to that turn
 * (takeTurns): what autovacuum would do by now with the server's settings, table by table. Until
 * 2026-12-02 evening every turn vacuumed and analysed all four tables; analysing audit_event
 * samples 30,000 rows whatever changed (0.5 s on the benchmark's trail), which autovacuum does
 * only after a tenth of the table has changed, so most of the upkeep charged was that.
 */
async function auditUpkeep(owner: Client, settings: AutovacuumSettings): Promise<string[]> {
  const done: string[] = [];
  for (const activity of await auditTableActivity(owner)) {
    const statement = upkeepStatement(activity.table, upkeepDue(activity, settings));
    if (statement === null) continue;
    await owner.query(statement);
    done.push(statement);
  }
  return done;
}

export interface TandemAuditWork {
  /** Runs a turn of Tandem while the sealer seals (whileSealing). */
  readonly around: (run: () => Promise<WorkloadFigures>) => Promise<WorkloadFigures>;
  /** Seals what the turn left, then does what autovacuum would by now. */
  readonly afterTurn: () => Promise<void>;
  /** What was sealed during and after the turns, and what autovacuum's share did and cost, since it was last asked. */
  readonly takeSummary: () => string;
  readonly close: () => Promise<void>;
}

/**
 * The audit trail's work around Tandem's turns: the sealer during them, and after each, sealing
 * what the turn left and what autovacuum would do by then (openAuditUpkeep; a connection per turn,
 * as until 2026-12-02 evening, was counted only when its backend had not exited yet).
 */
export async function openTandemAuditWork(ownerUrl: string, sealer: Database, postgresCpu: CpuMeter): Promise<TandemAuditWork> {
  const upkeep = await openAuditUpkeep(ownerUrl);
  const done = new Map<string, number>();
  const tally = { sealedDuringTurns: 0, sealedAfterTurns: 0, autovacuumMs: 0 };
  return {
    around: (run) => whileSealing(sealer, run, (events) => (tally.sealedDuringTurns += events)),
    async afterTurn() {
      tally.sealedAfterTurns += await sealEverything(sealer);
      const spent = postgresCpu();
      for (const statement of await upkeep.run()) done.set(statement, (done.get(statement) ?? 0) + 1);
      tally.autovacuumMs += spent();
    },
    takeSummary() {
      const autovacuum = [...done].map(([statement, times]) => `${statement} ×${times}`).join(', ') || 'nothing';
      const summary =
        `events sealed while it served (its warm-up too) ${tally.sealedDuringTurns}, after its turns ${tally.sealedAfterTurns}; ` +
        `autovacuum's work after its turns, ${tally.autovacuumMs.toFixed(0)} ms of PostgreSQL CPU in all: ${autovacuum}`;
      done.clear();
      Object.assign(tally, { sealedDuringTurns: 0, sealedAfterTurns: 0, autovacuumMs: 0 });
      return summary;
    },
    close: upkeep.close,
  };
}

/** Autovacuum's share of the audit tables' upkeep, done when asked (openAuditUpkeep). */
export interface AuditUpkeep {
  /** Does what autovacuum would by now, answering the statements it ran. */
  readonly run: () => Promise<string[]>;
  readonly close: () => Promise<void>;
}

/**
 * Autovacuum off the audit tables for the run, and their upkeep done when asked instead, on one
 * owner's connection: charged to the server whose requests made it due, never to whichever
 * server's turn the launcher happened to wake in. The cluster's CPU meter leaves out a backend
 * that started and ended within what it measures, hence one connection; and VACUUM runs without
 * parallel workers, as autovacuum's do, so that none of its work is in such a process either.
 */
export async function openAuditUpkeep(ownerUrl: string): Promise<AuditUpkeep> {
  const owner = new Client({ connectionString: ownerUrl, application_name: 'tandem-bench-upkeep', options: '-c max_parallel_maintenance_workers=0' });
  await owner.connect();
  for (const table of AUDIT_TABLES) await owner.query(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
  const settings = await autovacuumSettings(owner);
  return { run: () => auditUpkeep(owner, settings), close: () => owner.end() };
}
