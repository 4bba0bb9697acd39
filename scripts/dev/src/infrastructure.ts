import path from 'node:path';
import type { Logger, TandemConfig } from '@tandem/core';
import { provisionDatabase, runtimeUrlFor } from '@tandem/db';
import { startEmbeddedPostgres, startPrivateRedis } from '@tandem/embedded';

/** Something started here that must be stopped, latest first, when Tandem stops. */
export type Stopper = () => Promise<void>;

export interface DatabaseUrls {
  readonly ownerUrl: string;
  readonly runtimeUrl: string;
}

// The embedded cluster listens on loopback only and belongs to one developer.
const EMBEDDED_OWNER_PASSWORD = 'tandem-owner-embedded';
const EMBEDDED_DATABASE = 'tandem';

/**
 * DATABASE_URL when given; otherwise an embedded PostgreSQL whose data lives in DATA_DIR/postgres
 * (with `postgresSettings`, if any: they do not apply to a given DATABASE_URL).
 */
export async function databaseFor(config: TandemConfig, log: Logger, stoppers: Stopper[], postgresSettings?: Readonly<Record<string, string>>): Promise<DatabaseUrls> {
  const ownerUrl = config.database.ownerUrl;
  if (ownerUrl) return { ownerUrl, runtimeUrl: runtimeUrlFor({ ...config.database, ownerUrl }) };
  // Production may give the serving processes only DATABASE_RUNTIME_URL; what migrates needs the owner.
  if (config.production) throw new Error('DATABASE_URL (the owner role) is required in production to migrate; no embedded PostgreSQL is started there');
  const dataDir = path.resolve(config.dataDir, 'postgres');
  const postgres = await startEmbeddedPostgres({ dataDir, settings: postgresSettings, onLog: (line) => log.debug({ postgres: line.trim() }, 'embedded postgres') });
  stoppers.push(async () => {
    await postgres.stop();
    log.info('embedded PostgreSQL stopped');
  });
  log.info({ port: postgres.port, dataDir }, 'embedded PostgreSQL started');
  return provisionDatabase({
    adminUrl: postgres.adminUrl,
    database: EMBEDDED_DATABASE,
    ownerPassword: EMBEDDED_OWNER_PASSWORD,
    appPassword: config.database.runtimePassword,
  });
}

/** REDIS_URL when given; otherwise a private redis-server from PATH, on a free port. */
export async function redisFor(config: TandemConfig, log: Logger, stoppers: Stopper[]): Promise<string> {
  if (config.redisUrl) return config.redisUrl;
  const redis = await startPrivateRedis({ dir: path.resolve(config.dataDir, 'redis') });
  stoppers.push(async () => {
    await redis.stop();
    log.info('private redis-server stopped');
  });
  log.info({ port: redis.port }, 'private redis-server started');
  return redis.url;
}

/**
 * Stops everything, latest first. One part failing or hanging must not leave the others (an
 * embedded PostgreSQL above all) running: each gets `timeoutMs`, failures are logged, and the
 * first one is rethrown once all have had their turn.
 */
export async function stopAll(stoppers: Stopper[], log: Logger, timeoutMs: number): Promise<void> {
  const failures: unknown[] = [];
  for (const stop of stoppers.splice(0).reverse()) {
    try {
      await withTimeout(stop(), timeoutMs);
    } catch (error) {
      log.error({ err: error }, 'a part of Tandem did not stop cleanly');
      failures.push(error);
    }
  }
  if (failures.length > 0) throw failures[0];
}

async function withTimeout(work: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`did not stop within ${timeoutMs} ms`)), timeoutMs)))]);
  } finally {
    clearTimeout(timer);
  }
}
