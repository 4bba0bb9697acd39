import type { WorkloadFigures } from './measure';

export const int = (n: number) => Math.round(n).toLocaleString('en-GB');
export const ms = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0));

/** The figures as the Markdown table docs/performance.md records. */
export function report(rows: readonly { workload: string; server: string; figures: WorkloadFigures }[], load: readonly number[]): string {
  return [
    `| workload | server | requests/s | p50 / p99 (ms) | SQL statements / request | server CPU ms / request | PostgreSQL CPU ms / request | load generator CPU ms / request | machine CPU ms / request | stolen ms / request | errors |`,
    `|---|---|---|---|---|---|---|---|---|---|---|`,
    ...rows.map(({ workload, server, figures: f }) =>
      `| ${workload} | ${server} | ${int(f.perSecond)} | ${ms(f.p50)} / ${ms(f.p99)} | ${f.statementsPerRequest.toFixed(1)} | ${f.serverCpuMsPerRequest.toFixed(2)} | ${f.postgresCpuMsPerRequest.toFixed(2)} | ${f.loadCpuMsPerRequest.toFixed(2)} | ${f.machineCpuMsPerRequest.toFixed(2)} | ${f.stolenMsPerRequest.toFixed(2)} | ${f.non2xx + f.errors} of ${int(f.requests)} |`,
    ),
    ``,
    `load average after: ${load.map((l) => l.toFixed(2)).join(', ')}`,
  ].join('\n');
}
