import 'reflect-metadata';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import type { Database } from '@tandem/db';
import { startBenchServers } from './bench-servers';
import { summariseProfile } from './profile-summary';
import type { CpuProfile } from './profile-summary';
import { clusterCpuMeter, cpuMsOf } from './measure';
import type { CpuMeter } from './measure';
import { appendTally } from './append-tally';
import { sealEverything } from './sealing';
import { STATEMENT_STATS_SETTINGS, statementStats } from './statement-stats';
import type { StatementStats } from './statement-stats';
import { tandemRequests } from './workloads';
import type { WorkloadName } from './workloads';
import { CONCURRENCY, run } from './in-process-client';
import { benchMain } from './bench-main';

/**
 * `pnpm bench:api:profile`: the partner API's two workloads through Tandem only, a few requests at
 * a time, reporting what does not depend on how busy the machine is — SQL statements and
 * transactions per request, and the gateway's and PostgreSQL's CPU time per request — and, with BENCH_PROFILE=<file>,
 * a V8 CPU profile of the measured requests with its heaviest functions and packages, and with
 * BENCH_STATEMENTS=1, PostgreSQL's planning and execution time per statement. For finding
 * what to change between quiet-machine runs of `pnpm bench:api`.
 */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);

/**
 * The audit sealer's share of the requests just measured: the worker seals their events a few
 * seconds later (docs/audit.md, "The chain and the sealer"); here at once, its time per request.
 */
async function sealing(db: Database, postgresCpu: CpuMeter, stats: StatementStats | undefined): Promise<void> {
  await stats?.reset();
  const [cpu, postgresSpent] = [process.cpuUsage(), postgresCpu()];
  const sealed = await sealEverything(db);
  const [workerMs, postgresMs] = [cpuMsOf(process.cpuUsage(cpu)), postgresSpent()];
  console.log(`sealing: ${(sealed / REQUESTS).toFixed(1)} events, ${(workerMs / REQUESTS).toFixed(2)} ms worker CPU and ${(postgresMs / REQUESTS).toFixed(2)} ms PostgreSQL CPU per request`);
  if (stats) console.log(await stats.report(REQUESTS));
}

benchMain(async (stoppers, log) => {
  const { db, graphqlUrl, clinics, dataDir, ownerUrl } = await startBenchServers(stoppers, log, process.env.BENCH_STATEMENTS ? STATEMENT_STATS_SETTINGS : undefined);
  const stats = process.env.BENCH_STATEMENTS ? await statementStats(ownerUrl) : undefined;
  if (stats) stoppers.push(() => stats.close());
  const postgresCpu = clusterCpuMeter(path.join(dataDir, 'postgres'));
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  for (const workload of ['dashboard', 'partner-sync'] as WorkloadName[]) {
    const requests = tandemRequests(workload, clinics);
    await run(graphqlUrl, requests, 30);
    await sealEverything(db);
    const [statements, trips, transactions, cpu] = [db.statementsSent, db.roundTrips, db.transactionsBegun, process.cpuUsage()];
    const appends = appendTally(db);
    const postgresSpent = postgresCpu();
    await stats?.reset();
    if (process.env.BENCH_PROFILE) await session.post('Profiler.start');
    await appends.during(() => run(graphqlUrl, requests, REQUESTS));
    const used = process.cpuUsage(cpu);
    console.log(
      `${workload}: ${((db.statementsSent - statements) / REQUESTS).toFixed(1)} statements in ${((db.roundTrips - trips) / REQUESTS).toFixed(1)} round trips, ${((db.transactionsBegun - transactions) / REQUESTS).toFixed(2)} transactions, ` +
        `${(cpuMsOf(used) / REQUESTS).toFixed(1)} ms gateway CPU per request (${REQUESTS} requests, ${CONCURRENCY} at a time; ` +
        `the client's fetch included), ${(postgresSpent() / REQUESTS).toFixed(1)} ms PostgreSQL CPU; ${appends.summary()}`,
    );
    if (stats) console.log(await stats.report(REQUESTS));
    await sealing(db, postgresCpu, stats);
    if (process.env.BENCH_PROFILE) {
      const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
      const file = `${process.env.BENCH_PROFILE}.${workload}.cpuprofile`;
      await fs.writeFile(file, JSON.stringify(profile));
      console.log(`${summariseProfile(profile)}\n(profile written to ${file})`);
    }
  }
  session.disconnect();
});
