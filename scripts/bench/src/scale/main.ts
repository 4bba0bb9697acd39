import 'reflect-metadata';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { TenantService } from '@tandem/accounts';
import { createLogger, loadConfig } from '@tandem/core';
import { Database, ROLES, migrate } from '@tandem/db';
import { databaseFor, redisFor, stopAll } from '@tandem/dev';
import type { Stopper } from '@tandem/dev';
import { startPgBouncer } from '@tandem/embedded';
import { startGateway } from '@tandem/gateway';
import { closeRedis, connectRedis } from '@tandem/jobs';
import { check } from '../api/check';
import { waitForQuiet } from '../api/measure';
import { seed, seedSizes } from '../api/seed';
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
const POOL = 20;
const UNLIMITED = '100000000';
/** At most this long to wait for a quiet machine before each setup (a short trial run lowers it). */
const QUIET_WAIT_SECONDS = Number(process.env.BENCH_QUIET_SECONDS ?? 300);

async function main(): Promise<void> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tandem-bench-scale-'));
  await fs.chmod(dataDir, 0o755);
  const limits = { RATE_LIMIT_KEY_COST_PER_MINUTE: UNLIMITED, RATE_LIMIT_USER_COST_PER_MINUTE: UNLIMITED };
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...limits });
  const log = createLogger({ level: 'warn', service: 'bench' });
  const stoppers: Stopper[] = [() => fs.rm(dataDir, { recursive: true, force: true })];
  try {
    const redisUrl = await redisFor(config, log, stoppers);
    const urls = await databaseFor(config, log, stoppers);
    await migrate(urls.ownerUrl, log);
    const clinics = await seedThroughInProcessGateway(config, log, urls, redisUrl);
    const pgbouncer = await startPgBouncer({
      dir: path.join(dataDir, 'pgbouncer'),
      server: { host: new URL(urls.runtimeUrl).hostname, port: Number(new URL(urls.runtimeUrl).port || 5432) },
      logins: [{ name: ROLES.app, password: decodeURIComponent(new URL(urls.runtimeUrl).password) }],
      poolSize: POOL,
    });
    stoppers.push(() => pgbouncer.stop());

    const requests = tandemRequests('dashboard', clinics);
    const env = { DATABASE_URL: urls.ownerUrl, REDIS_URL: redisUrl, LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: String(POOL), ...limits };
    const setups = [
      { setup: '1 gateway, direct', processes: 1, runtimeUrl: urls.runtimeUrl },
      { setup: '2 gateways, direct, clients split across both', processes: 2, runtimeUrl: urls.runtimeUrl },
      { setup: '1 gateway through PgBouncer (transaction pooling)', processes: 1, runtimeUrl: pgbouncer.via(urls.runtimeUrl) },
    ];
    const rows: { setup: string; figures: ScaleFigures }[] = [];
    for (const { setup, processes, runtimeUrl } of setups) {
      const gateways = await Promise.all(Array.from({ length: processes }, () => startGatewayProcess({ ...env, DATABASE_RUNTIME_URL: runtimeUrl })));
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

/**
 * The bench:api seed, made through an in-process gateway that is closed again before anything
 * is measured (the measured gateways are processes of their own, with the same token keys).
 */
async function seedThroughInProcessGateway(config: ReturnType<typeof loadConfig>, log: ReturnType<typeof createLogger>, urls: { ownerUrl: string; runtimeUrl: string }, redisUrl: string) {
  const db = await Database.connect({ url: urls.runtimeUrl, applicationName: 'tandem-bench', poolSize: POOL, log });
  const redis = await connectRedis(redisUrl, 'producer');
  const gateway = await startGateway({ settings: { ...config, port: 0, webhooksAllowPrivateNetworks: false }, auth: config.auth, db, redis, log });
  try {
    const sizes = seedSizes(process.env);
    const seededAt = Date.now();
    const clinics = await seed(gateway.graphqlUrl, db, new TenantService(db), sizes);
    console.log(`Seeded ${sizes.tenants} tenants × ${sizes.cases} cases in ${((Date.now() - seededAt) / 1000).toFixed(0)} s`);
    // Statistics for the bulk-copied rows (only the owner may ANALYZE).
    const owner = new Client({ connectionString: urls.ownerUrl });
    await owner.connect();
    await owner.query('ANALYZE');
    await owner.end();
    return clinics;
  } finally {
    await gateway.close();
    await closeRedis(redis);
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
