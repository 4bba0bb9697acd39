import 'reflect-metadata';
import { Session } from 'node:inspector/promises';
import { POOL, startBenchServers } from './bench-servers';
import { cpuMsOf } from './measure';
import { postGraphileRequests, startPostGraphile } from './postgraphile';
import { sharesByCategory } from './profile-summary';
import type { CpuProfile } from './profile-summary';
import { CONCURRENCY, isClientFrame, run } from './in-process-client';
import { tandemRequests } from './workloads';
import type { BenchRequest, WorkloadName } from './workloads';
import { benchMain } from './bench-main';

/**
 * `pnpm bench:api:compare`: where the benchmark process's CPU goes for Tandem and for
 * PostGraphile, side by side. Both serve the seeded dataset in this process; each is sent
 * BENCH_REQUESTS requests of a workload by an in-process client, CONCURRENCY at a time, under
 * V8's CPU profiler. The process's CPU per request is split by the profile's shares of busy
 * samples: garbage collection, socket writes (the kernel's side of sending to PostgreSQL, Redis
 * and the client), the client itself, and each package. Largest difference first: what Tandem
 * does that PostGraphile does not, and what each costs. Throughput is `pnpm bench:api`'s.
 */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const SHOWN_FROM_MS = 0.02;

interface ServerCost {
  readonly cpuMsPerRequest: number;
  readonly byCategory: ReadonlyMap<string, number>;
}

async function measured(session: Session, url: string, requests: readonly BenchRequest[]): Promise<ServerCost> {
  await run(url, requests, 60);
  const cpu = process.cpuUsage();
  await session.post('Profiler.start');
  await run(url, requests, REQUESTS);
  const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
  const cpuMsPerRequest = cpuMsOf(process.cpuUsage(cpu)) / REQUESTS;
  const shares = sharesByCategory(profile, isClientFrame);
  return { cpuMsPerRequest, byCategory: new Map([...shares].map(([category, share]) => [category, share * cpuMsPerRequest])) };
}

function report(workload: WorkloadName, tandem: ServerCost, postgraphile: ServerCost): string {
  const categories = new Set([...tandem.byCategory.keys(), ...postgraphile.byCategory.keys()]);
  const ms = (cost: ServerCost, category: string) => cost.byCategory.get(category) ?? 0;
  const rows = [...categories]
    .map((category) => ({ category, tandem: ms(tandem, category), postgraphile: ms(postgraphile, category) }))
    .filter((row) => Math.max(row.tandem, row.postgraphile) >= SHOWN_FROM_MS)
    .sort((a, b) => b.tandem - b.postgraphile - (a.tandem - a.postgraphile));
  const figure = (value: number) => value.toFixed(2).padStart(8);
  return [
    `${workload}: the process's CPU per request (the client's included), Tandem ${tandem.cpuMsPerRequest.toFixed(2)} ms, PostGraphile ${postgraphile.cpuMsPerRequest.toFixed(2)} ms (${REQUESTS} requests each, ${CONCURRENCY} at a time)`,
    `  ${'ms per request'.padEnd(40)}  Tandem  PostGr.  differ.`,
    ...rows.map((row) => `  ${row.category.padEnd(40)}${figure(row.tandem)}${figure(row.postgraphile)}${figure(row.tandem - row.postgraphile)}`),
  ].join('\n');
}

benchMain(async (stoppers, log) => {
  const { graphqlUrl, clinics, runtimeUrl } = await startBenchServers(stoppers, log);
  const postgraphile = await startPostGraphile(runtimeUrl, POOL);
  stoppers.push(() => postgraphile.close());
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  for (const workload of ['dashboard', 'partner-sync'] as WorkloadName[]) {
    const tandem = await measured(session, graphqlUrl, tandemRequests(workload, clinics));
    const theirs = await measured(session, postgraphile.url, postGraphileRequests(workload, clinics));
    console.log(report(workload, tandem, theirs));
  }
  session.disconnect();
});
