import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TenantService } from '@tandem/accounts';
import { loadConfig } from '@tandem/core';
import type { Logger } from '@tandem/core';
import { Database, migrate } from '@tandem/db';
import { databaseFor, redisFor, stopAll } from '@tandem/dev';
import type { Stopper } from '@tandem/dev';
import { startGateway } from '@tandem/gateway';
import { closeRedis, connectRedis } from '@tandem/jobs';
import { asOwner } from './owner';
import { sealEverything } from './sealing';
import { seed, seedSizes } from './seed';
import type { SeededClinic } from './seed';

/** The gateway's pool size in every benchmark (PostGraphile's pool and PgBouncer's get the same). */
export const POOL = 20;

/**
 * Rate limits out of the way: the benchmarks measure serving, never throttling. All three buckets:
 * without the clinic's bucket for all its keys (200,000 a minute by default), the partner sync
 * rows that ran fastest (audit rows discarded) were refused with 429 for part of their run.
 */
export const UNLIMITED = { RATE_LIMIT_KEY_COST_PER_MINUTE: '100000000', RATE_LIMIT_USER_COST_PER_MINUTE: '100000000', RATE_LIMIT_TENANT_KEYS_COST_PER_MINUTE: '100000000' };

export interface BenchEngines {
  readonly dataDir: string;
  readonly config: ReturnType<typeof loadConfig>;
  readonly redisUrl: string;
  readonly ownerUrl: string;
  readonly runtimeUrl: string;
}

export interface BenchServers extends BenchEngines {
  readonly db: Database;
  readonly graphqlUrl: string;
  readonly clinics: readonly SeededClinic[];
}

/** An embedded PostgreSQL (with `postgresSettings`) and a private Redis in a temporary directory, migrated. */
export async function startBenchEngines(stoppers: Stopper[], log: Logger, name = 'api', postgresSettings?: Readonly<Record<string, string>>): Promise<BenchEngines> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), `tandem-bench-${name}-`));
  await fs.chmod(dataDir, 0o755);
  stoppers.push(() => fs.rm(dataDir, { recursive: true, force: true }));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...UNLIMITED });
  const redisUrl = await redisFor(config, log, stoppers);
  const urls = await databaseFor(config, log, stoppers, postgresSettings);
  await migrate(urls.ownerUrl, log);
  return { dataDir, config, redisUrl, ...urls };
}

/** The gateway in-process on the engines, its runtime pool of POOL connections counting statements. */
async function startInProcessGateway(engines: BenchEngines, stoppers: Stopper[], log: Logger): Promise<{ db: Database; graphqlUrl: string }> {
  const db = await Database.connect({ url: engines.runtimeUrl, applicationName: 'tandem-bench', poolSize: POOL, log });
  stoppers.push(() => db.close());
  const redis = await connectRedis(engines.redisUrl, 'producer');
  stoppers.push(() => closeRedis(redis));
  const gateway = await startGateway({ settings: { ...engines.config, port: 0, webhooksAllowPrivateNetworks: false }, auth: engines.config.auth, db, redis, log });
  stoppers.push(() => gateway.close());
  return { db, graphqlUrl: gateway.graphqlUrl };
}

/** The seeded dataset (BENCH_TENANTS, BENCH_CASES, BENCH_NOTES), made through `graphqlUrl`, analysed. */
async function seedAndAnalyse(engines: BenchEngines, graphqlUrl: string, db: Database): Promise<SeededClinic[]> {
  const sizes = seedSizes(process.env);
  const seededAt = Date.now();
  const clinics = await seed(graphqlUrl, db, new TenantService(db), sizes);
  console.log(`Seeded ${sizes.tenants} tenants × ${sizes.cases} cases (${sizes.notes} notes, 4 sessions, 3 vitals, 6 PHQ-9s, 3 follow-ups each) in ${((Date.now() - seededAt) / 1000).toFixed(0)} s`);
  // The copies' write events (a hundred thousand a clinic) sealed now, or the sealer would chain
  // them during the first measured turns (sealing.ts) and charge them to the requests.
  await sealEverything(db);
  // Statistics for the bulk-copied rows (only the owner may ANALYZE); without them every plan assumes one row.
  await asOwner(engines.ownerUrl, (owner) => owner.query('VACUUM ANALYZE'));
  return clinics;
}

/** The engines, the gateway in-process and the seeded dataset; everything started goes onto `stoppers`. */
export async function startBenchServers(stoppers: Stopper[], log: Logger, postgresSettings?: Readonly<Record<string, string>>): Promise<BenchServers> {
  const engines = await startBenchEngines(stoppers, log, 'api', postgresSettings);
  const { db, graphqlUrl } = await startInProcessGateway(engines, stoppers, log);
  return { ...engines, db, graphqlUrl, clinics: await seedAndAnalyse(engines, graphqlUrl, db) };
}

/** The seeded dataset made through an in-process gateway that is closed again before anything is measured. */
export async function seedWithoutServing(engines: BenchEngines, log: Logger): Promise<SeededClinic[]> {
  const stoppers: Stopper[] = [];
  try {
    const { db, graphqlUrl } = await startInProcessGateway(engines, stoppers, log);
    return await seedAndAnalyse(engines, graphqlUrl, db);
  } finally {
    await stopAll(stoppers, log, 30_000);
  }
}
