import 'reflect-metadata';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@tandem/core';
import { ROLES } from '@tandem/db';
import { stopAll } from '@tandem/dev';
import type { Stopper } from '@tandem/dev';
import { startPgBouncer } from '@tandem/embedded';
import { POOL, UNLIMITED, seedWithoutServing, startBenchEngines } from '../api/bench-servers';
import { check } from '../api/check';
import { waitForQuiet } from '../api/measure';
import { tandemRequests } from '../api/workloads';
import { startGatewayProcess } from './gateway-processes';
import { measureAcross } from './split-load';
import type { ScaleFigures } from './split-load';
import { scaleReport } from './report';

/**
 * `pnpm bench:scale`: the case dashboard (the `pnpm bench:api` workload and seed) served by
 * gateway processes as deployed, at BENCH_CONNECTIONS (32) for BENCH_SECONDS (15) per setup:
 * 1 gateway; 2 gateways with the load generators' connections split across them; 1 gateway
 * whose runtime URL goes through PgBouncer in transaction pooling mode. Every gateway has a
 * pool of POOL connections; PgBouncer gives its clients POOL server connections.
 */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
/** At most this long to wait for a quiet machine before each setup (a short trial run lowers it). */
const QUIET_WAIT_SECONDS = Number(process.env.BENCH_QUIET_SECONDS ?? 300);

async function main(): Promise<void> {
  const log = createLogger({ level: 'warn', service: 'bench' });
  const stoppers: Stopper[] = [];
  try {
    const engines = await startBenchEngines(stoppers, log, 'scale');
    const { dataDir, redisUrl, ownerUrl, runtimeUrl } = engines;
    const clinics = await seedWithoutServing(engines, log);
    const pgbouncer = await startPgBouncer({
      dir: path.join(dataDir, 'pgbouncer'),
      server: { host: new URL(runtimeUrl).hostname, port: Number(new URL(runtimeUrl).port || 5432) },
      logins: [{ name: ROLES.app, password: decodeURIComponent(new URL(runtimeUrl).password) }],
      poolSize: POOL,
    });
    stoppers.push(() => pgbouncer.stop());

    const requests = tandemRequests('dashboard', clinics);
    const env = { DATABASE_URL: ownerUrl, REDIS_URL: redisUrl, LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: String(POOL), ...UNLIMITED };
    const setups = [
      { setup: '1 gateway, direct', processes: 1, runtimeUrl, prepared: true },
      { setup: '2 gateways, direct, clients split across both', processes: 2, runtimeUrl, prepared: true },
      // Debian 12's PgBouncer (1.18) cannot keep named prepared statements in transaction mode.
      { setup: '1 gateway through PgBouncer (transaction pooling)', processes: 1, runtimeUrl: pgbouncer.via(runtimeUrl), prepared: false },
    ];
    const rows: { setup: string; figures: ScaleFigures }[] = [];
    for (const { setup, processes, runtimeUrl: gatewayRuntimeUrl, prepared } of setups) {
      const gateways = await Promise.all(Array.from({ length: processes }, () => startGatewayProcess({ ...env, DATABASE_RUNTIME_URL: gatewayRuntimeUrl, DATABASE_PREPARED_STATEMENTS: String(prepared) })));
      try {
        for (const [i, gateway] of gateways.entries()) await check(gateway.graphqlUrl, requests, `${setup}, gateway ${i + 1}`);
        const quiet = await waitForQuiet(0.15, QUIET_WAIT_SECONDS);
        await measureAcross(gateways, requests, CONNECTIONS, 3);
        console.log(`${setup}: ${CONNECTIONS} connections for ${SECONDS} s (machine ${(quiet * 100).toFixed(0)} % busy before) ...`);
        rows.push({ setup, figures: await measureAcross(gateways, requests, CONNECTIONS, SECONDS) });
      } finally {
        await Promise.all(gateways.map((g) => g.stop()));
      }
    }
    console.log(scaleReport(rows, os.loadavg()));
  } finally {
    await stopAll(stoppers, log, 30_000);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
