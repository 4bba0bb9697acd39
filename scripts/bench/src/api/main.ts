import 'reflect-metadata';
import os from 'node:os';
import path from 'node:path';
import { Database } from '@tandem/db';
import { POOL, startBenchServers } from './bench-servers';
import { withAuditRowsDiscarded } from './audit-discarded';
import { openTandemAuditWork } from './audit-upkeep';
import { check } from './check';
import { clusterCpuMeter, waitForQuiet } from './measure';
import type { WorkloadFigures } from './measure';
import { postGraphileRequests, startPostGraphile } from './postgraphile';
import { rawFloor } from './raw-floor';
import { report } from './report';
import { takeTurns } from './turns';
import { appendTally } from './append-tally';
import type { Contender } from './turns';
import { tandemRequests } from './workloads';
import type { WorkloadName } from './workloads';
import { benchMain } from './bench-main';

/**
 * `pnpm bench:api`: a seeded dataset (BENCH_TENANTS, BENCH_CASES, BENCH_NOTES), then the case
 * dashboard and the partner sync at BENCH_CONNECTIONS (32) for BENCH_SECONDS (15) each, through
 * Tandem's gateway, through PostGraphile 4 on the same database and through Tandem with its audit
 * rows discarded, taking turns (takeTurns), and the dashboard's minimal SQL through raw `pg` as the
 * floor. Prints the table docs/performance.md records.
 */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
/** `Tandem`, `PostGraphile` or `raw`: only that server's rows (for profiling one). */
const ONLY = process.env.BENCH_ONLY ?? '';
/** Turns per row (takeTurns): the servers of a workload take turns at BENCH_SECONDS / BENCH_SLICES each. */
const SLICES = Math.max(1, Number(process.env.BENCH_SLICES ?? 5));

benchMain(async (stoppers, log) => {
  const { ownerUrl, runtimeUrl, db, graphqlUrl, clinics, dataDir } = await startBenchServers(stoppers, log);
  const postgresCpu = clusterCpuMeter(path.join(dataDir, 'postgres'));
  const postgraphile = await startPostGraphile(runtimeUrl, POOL);
  stoppers.push(() => postgraphile.close());
  // The worker's audit sealer, on a pool of its own as in production (sealing.ts).
  const sealer = await Database.connect({ url: runtimeUrl, applicationName: 'tandem-bench-sealer', poolSize: 1, log });
  stoppers.push(() => sealer.close());
  const audit = await openTandemAuditWork(ownerUrl, sealer, postgresCpu);
  stoppers.push(() => audit.close());

  const rows: { workload: string; server: string; figures: WorkloadFigures }[] = [];
  for (const workload of ['dashboard', 'partner-sync'] as WorkloadName[]) {
    const tandem = tandemRequests(workload, clinics);
    const appends = appendTally(db);
    const pg = postGraphileRequests(workload, clinics);
    await check(graphqlUrl, tandem, `Tandem ${workload}`);
    await check(postgraphile.url, pg, `PostGraphile ${workload}`);
    const everyone: Contender[] = [
      { server: 'Tandem', url: graphqlUrl, requests: tandem, statements: () => db.statementsSent, around: (run) => appends.during(() => audit.around(run)), afterTurn: audit.afterTurn },
      { server: 'PostGraphile 4.14.1', url: postgraphile.url, requests: pg, statements: () => postgraphile.statements() },
      // The cost of the audit trail's writes (docs/audit.md): Tandem again, audit rows discarded.
      { server: 'Tandem, audit rows discarded', url: graphqlUrl, requests: tandem, statements: () => db.statementsSent, around: (run) => withAuditRowsDiscarded(ownerUrl, run) },
    ];
    const contenders = everyone.filter((contender) => !ONLY || contender.server.startsWith(ONLY));
    if (contenders.length === 0) continue;
    const turns = { connections: CONNECTIONS, seconds: SECONDS, slices: SLICES, postgresCpu };
    for (const { server, figures } of await takeTurns(workload, contenders, turns)) rows.push({ workload, server, figures });
    for (const { server, url, requests } of contenders) await check(url, requests, `${server} ${workload} after the run`);
    if (contenders.some((contender) => contender.server === 'Tandem')) console.log(`Tandem, ${workload}: ${audit.takeSummary()}; ${appends.summary()}`);
  }
  if (ONLY && ONLY !== 'raw') {
    console.log(report(rows, os.loadavg()));
    return;
  }
  const quiet = await waitForQuiet(0.15, 300);
  console.log(`raw pg floor dashboard: ${CONNECTIONS} loops for ${SECONDS} s (machine ${(quiet * 100).toFixed(0)} % busy before) ...`);
  await rawFloor(runtimeUrl, clinics, CONNECTIONS, 3, postgresCpu);
  rows.push({ workload: 'dashboard', server: 'raw pg (floor, no HTTP/GraphQL)', figures: await rawFloor(runtimeUrl, clinics, CONNECTIONS, SECONDS, postgresCpu) });
  console.log(report(rows, os.loadavg()));
});
