import { Client } from 'pg';
import { EMBEDDED_SUPERUSER, EMBEDDED_SUPERUSER_PASSWORD } from '@tandem/embedded';

/** What the embedded PostgreSQL needs to count each statement's planning and execution time. */
export const STATEMENT_STATS_SETTINGS = { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track_planning': 'on', 'pg_stat_statements.track': 'all' };

export interface StatementStats {
  /** Forgets what was counted so far. */
  reset(): Promise<void>;
  /** The heaviest statements since the last reset, per request, as a table. */
  report(requests: number): Promise<string>;
  close(): Promise<void>;
}

interface StatementRow {
  calls: string;
  plan: number;
  exec: number;
  rows: string;
  walBytes: string;
  walFpi: string;
  query: string;
}

/**
 * pg_stat_statements in the benchmark's own database (embedded PostgreSQL started with
 * STATEMENT_STATS_SETTINGS), read as its superuser: which statements of a request PostgreSQL spends
 * its time planning and executing, and the WAL each writes (bytes, and full-page images: the first
change to a page after a checkpoint copies the whole page). It found the loads planned afresh on
every request.
 */
export async function statementStats(ownerUrl: string): Promise<StatementStats> {
  const url = Object.assign(new URL(ownerUrl), { username: EMBEDDED_SUPERUSER, password: EMBEDDED_SUPERUSER_PASSWORD });
  const client = new Client({ connectionString: url.toString(), application_name: 'bench-statement-stats' });
  await client.connect();
  await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  return {
    async reset() {
      await client.query('SELECT pg_stat_statements_reset()');
    },
    async report(requests) {
      const { rows } = await client.query<StatementRow>(
        `SELECT calls, total_plan_time AS plan, total_exec_time AS exec, rows, wal_bytes AS "walBytes", wal_fpi AS "walFpi",
                left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS query
         FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY total_plan_time + total_exec_time DESC LIMIT 12`,
      );
      const lines = rows.map(
        (r) =>
          `${(Number(r.calls) / requests).toFixed(1).padStart(5)} ${(r.plan / requests).toFixed(3).padStart(8)} ${(r.exec / requests).toFixed(3).padStart(8)} ${(Number(r.rows) / requests).toFixed(0).padStart(6)} ` +
          `${(Number(r.walBytes) / requests / 1024).toFixed(1).padStart(7)} ${(Number(r.walFpi) / requests).toFixed(1).padStart(5)}  ${r.query}`,
      );
      return [' runs  plan ms  exec ms   rows  WAL kB  FPIs  statement (per request)', ...lines].join('\n');
    },
    close: () => client.end(),
  };
}
