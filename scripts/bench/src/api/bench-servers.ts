import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { TenantService } from '@tandem/accounts';
import { loadConfig } from '@tandem/core';
import type { Logger } from '@tandem/core';
import { Database, migrate } from '@tandem/db';
import { databaseFor, redisFor } from '@tandem/dev';
import type { Stopper } from '@tandem/dev';
import { startGateway } from '@tandem/gateway';
import { closeRedis, connectRedis } from '@tandem/jobs';
import { seed, seedSizes } from './seed';
import type { SeededClinic } from './seed';

/** The gateway's pool size in every benchmark (PostGraphile's pool gets the same). */
export const POOL = 20;

export interface BenchServers {
  readonly ownerUrl: string;
  readonly runtimeUrl: string;
  readonly db: Database;
  readonly graphqlUrl: string;
  readonly clinics: readonly SeededClinic[];
}

/**
 * An embedded PostgreSQL and a private Redis in a temporary directory, migrated, the gateway
 * in-process with rate limits out of the way, and the seeded dataset (BENCH_TENANTS, BENCH_CASES,
 * BENCH_NOTES), analysed. Everything started is pushed onto `stoppers`.
 */
export async function startBenchServers(stoppers: Stopper[], log: Logger): Promise<BenchServers> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tandem-bench-api-'));
  await fs.chmod(dataDir, 0o755);
  stoppers.push(() => fs.rm(dataDir, { recursive: true, force: true }));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', RATE_LIMIT_KEY_COST_PER_MINUTE: '100000000', RATE_LIMIT_USER_COST_PER_MINUTE: '100000000' });
  const redisUrl = await redisFor(config, log, stoppers);
  const urls = await databaseFor(config, log, stoppers);
  await migrate(urls.ownerUrl, log);
  const db = await Database.connect({ url: urls.runtimeUrl, applicationName: 'tandem-bench', poolSize: POOL, log });
  stoppers.push(() => db.close());
  const redis = await connectRedis(redisUrl, 'producer');
  stoppers.push(() => closeRedis(redis));
  const gateway = await startGateway({ settings: { ...config, port: 0, webhooksAllowPrivateNetworks: false }, auth: config.auth, db, redis, log });
  stoppers.push(() => gateway.close());

  const sizes = seedSizes(process.env);
  const seededAt = Date.now();
  const clinics = await seed(gateway.graphqlUrl, db, new TenantService(db), sizes);
  console.log(`Seeded ${sizes.tenants} tenants × ${sizes.cases} cases (${sizes.notes} notes, 4 sessions, 3 vitals, 6 PHQ-9s, 3 follow-ups each) in ${((Date.now() - seededAt) / 1000).toFixed(0)} s`);
  // Statistics for the bulk-copied rows (only the owner may ANALYZE); without them every plan assumes one row.
  const owner = new Client({ connectionString: urls.ownerUrl });
  await owner.connect();
  await owner.query('ANALYZE');
  await owner.end();
  return { ownerUrl: urls.ownerUrl, runtimeUrl: urls.runtimeUrl, db, graphqlUrl: gateway.graphqlUrl, clinics };
}
