import 'reflect-metadata';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { servingProcess, startGatewayProcess } from '../scale/gateway-processes';
import type { GatewayProcess } from '../scale/gateway-processes';
import { abReport } from './ab-report';
import { openAuditUpkeep } from './audit-upkeep';
import type { RoundCost, Side } from './ab-report';
import { benchMain } from './bench-main';
import { POOL, UNLIMITED, seedWithoutServing, startBenchEngines } from './bench-servers';
import { CONCURRENCY, run } from './in-process-client';
import { clusterCpuMeter, processStat } from './measure';
import type { CpuMeter } from './measure';
import { postGraphileRequests } from './postgraphile';
import { tandemRequests } from './workloads';
import type { BenchRequest, WorkloadName } from './workloads';

/**
 * `pnpm bench:api:ab`: what each server costs the machine per request, measured process by
 * process, in rounds that alternate between them on one seeded database. Each server runs in
 * a process of its own — this checkout's gateway, a base checkout's (BENCH_AB_BASE, built, for a
 * change's before and after), PostGraphile (BENCH_AB_POSTGRAPHILE=1) — and this process only
 * sends the requests, CONCURRENCY at a time, so the client's CPU is nobody's. Each round charges
 * a server its own process's CPU (from /proc), the PostgreSQL cluster's and Redis's, and the
 * audit tables' vacuuming its requests made due (autovacuum is off on them: woken in another
 * server's round, it charged that one; no sealer runs, so the queue of unsealed events grows).
 *
 * Why: this machine's speed moves by a third between minutes, more than most changes, so two
 * `pnpm bench:api` runs cannot tell a change from the weather. Rounds that alternate see the same
 * weather, and the report compares each round with the first side's same round.
 */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const ROUNDS = Number(process.env.BENCH_AB_ROUNDS ?? 6);
const WORKLOADS: readonly WorkloadName[] = ['dashboard', 'partner-sync'];

interface Server {
  readonly name: string;
  readonly process: GatewayProcess;
  readonly requests: (workload: WorkloadName) => BenchRequest[];
}

benchMain(async (stoppers, log) => {
  const engines = await startBenchEngines(stoppers, log, 'ab');
  const clinics = await seedWithoutServing(engines, log);
  const env = { DATABASE_URL: engines.ownerUrl, DATABASE_RUNTIME_URL: engines.runtimeUrl, REDIS_URL: engines.redisUrl, LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: String(POOL), ...UNLIMITED };
  const tandem = (workload: WorkloadName) => tandemRequests(workload, clinics);
  const servers: Server[] = [];
  const started = async (name: string, process: Promise<GatewayProcess>, requests: Server['requests']) => {
    const server = { name, process: await process, requests };
    stoppers.push(() => server.process.stop());
    servers.push(server);
  };
  const base = process.env.BENCH_AB_BASE;
  if (base) await started(`base (${path.basename(path.resolve(base))})`, startGatewayProcess(env, baseGateway(base)), tandem);
  await started('this checkout', startGatewayProcess(env), tandem);
  if (process.env.BENCH_AB_POSTGRAPHILE === '1') await started('PostGraphile', startPostGraphileProcess(engines.runtimeUrl), (workload) => postGraphileRequests(workload, clinics));
  const postgres = clusterCpuMeter(path.join(engines.dataDir, 'postgres'));
  // The audit tables' vacuuming, charged to the round whose requests made it due (bench:api does the same).
  const upkeep = await openAuditUpkeep(engines.ownerUrl);
  stoppers.push(() => upkeep.close());
  const redis = redisCpuMeter(new URL(engines.redisUrl).port);

  for (const workload of WORKLOADS) {
    for (const server of servers) await run(server.process.graphqlUrl, server.requests(workload), 60);
    const rounds = new Map<Server, RoundCost[]>(servers.map((server) => [server, []]));
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate who goes first: a machine slowing down within a round then favours neither.
      for (const server of round % 2 === 0 ? servers : [...servers].reverse()) {
        const [cpu, system, database, cache] = [server.process.cpuMs(), server.process.systemMs(), postgres(), redis()];
        await run(server.process.graphqlUrl, server.requests(workload), REQUESTS);
        await upkeep.run();
        rounds.get(server)?.push({
          server: (server.process.cpuMs() - cpu) / REQUESTS,
          serverSystem: (server.process.systemMs() - system) / REQUESTS,
          postgres: database() / REQUESTS,
          redis: cache() / REQUESTS,
        });
      }
    }
    const sides: Side[] = servers.map((server) => ({ name: server.name, rounds: rounds.get(server) ?? [] }));
    console.log(`${abReport(workload, REQUESTS, sides)}\n  (${CONCURRENCY} requests at a time; Tandem's sides count its rate limiter in Redis, PostGraphile has none)`);
  }
});

/** A base checkout's built gateway; it must have been built (`pnpm turbo run build` there). */
function baseGateway(checkout: string): string {
  const main = path.resolve(checkout, 'services/gateway/dist/main.js');
  if (!fs.existsSync(main)) throw new Error(`BENCH_AB_BASE: no built gateway at ${main} (run pnpm install and pnpm turbo run build there)`);
  return main;
}

/** PostGraphile in its own process (postgraphile-main.ts), as a GatewayProcess. */
async function startPostGraphileProcess(runtimeUrl: string): Promise<GatewayProcess> {
  const child = spawn(process.execPath, ['--max-semi-space-size=32', path.join(__dirname, 'postgraphile-main.js')], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_RUNTIME_URL: runtimeUrl, DATABASE_POOL_SIZE: String(POOL) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const graphqlUrl = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve(line.trim()));
    child.once('exit', (code) => reject(new Error(`PostGraphile exited with ${code} before it listened`)));
  });
  return servingProcess(child, graphqlUrl);
}

/** Starts counting the CPU of the Redis server listening on `port` (the benchmark's own); NaN if it is not found. */
function redisCpuMeter(port: string): CpuMeter {
  const listening = new RegExp(`redis-server.*(:${port}\\b|--port ${port}\\b)`);
  const pid = fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .find((entry) => {
      try {
        // Redis rewrites its title to "redis-server host:port"; a private one started by @tandem/dev is found by its port.
        return listening.test(fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' '));
      } catch {
        return false;
      }
    });
  return () => {
    const before = pid === undefined ? undefined : processStat(pid)?.cpuMs;
    return () => {
      const after = pid === undefined ? undefined : processStat(pid)?.cpuMs;
      return before === undefined || after === undefined ? Number.NaN : after - before;
    };
  };
}
