import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '@tandem/core';
import { dropDatabase, migrate, provisionDatabase } from '@tandem/db';
import { startEmbeddedPostgres, startPrivateRedis } from '@tandem/embedded';
import type { EmbeddedPostgres, PrivateRedis } from '@tandem/embedded';
import { TEST_ENV, TEST_PASSWORDS } from './env';
import { recordCreatedKeys } from './key-recorder';
import type { KeyRecorder } from './key-recorder';
import { claimRedisDatabase } from './redis-database';
import type { ClaimedDatabase } from './redis-database';

/**
 * Once per jest run: a real PostgreSQL (embedded unless TEST_DATABASE_URL names a superuser
 * URL) holding a migrated template database, and a real Redis (a private redis-server unless
 * TEST_REDIS_URL is given; there, a database of the run's own). Test files find them through
 * the TANDEM_TEST_* variables. Every Redis key created during the run must match a documented
 * pattern (docs/operations.md, "Redis keys and Redis Cluster"): the teardown fails otherwise.
 */
interface TestRun {
  readonly scratchDir: string;
  readonly adminUrl: string;
  readonly template: string;
  readonly postgres?: EmbeddedPostgres;
  readonly redis?: PrivateRedis;
  readonly redisDatabase?: ClaimedDatabase;
  readonly keys: KeyRecorder;
}

const runs: TestRun[] = [];

export async function startTestRun(): Promise<void> {
  const scratchDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tandem-test-'));
  await fs.chmod(scratchDir, 0o755);
  const postgres = process.env.TEST_DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: path.join(scratchDir, 'postgres') });
  const adminUrl = process.env.TEST_DATABASE_URL ?? postgres?.adminUrl;
  if (!adminUrl) throw new Error('unreachable: no admin URL');
  const redis = process.env.TEST_REDIS_URL ? undefined : await startPrivateRedis({ dir: path.join(scratchDir, 'redis') });
  const runId = randomBytes(4).toString('hex');
  const template = `tandem_test_tpl_${runId}`;
  const urls = await provisionDatabase({ adminUrl, database: template, ...TEST_PASSWORDS });
  await migrate(urls.ownerUrl, silentLogger());
  const shared = process.env.TEST_REDIS_URL;
  const redisDatabase = shared ? await claimRedisDatabase(shared, runId) : undefined;
  const redisUrl = redisDatabase?.url ?? redis?.url;
  if (!redisUrl) throw new Error('unreachable: no Redis URL');
  const keys = await recordCreatedKeys(redisUrl, { shared: shared !== undefined, settingsUrl: shared });
  runs.push({ scratchDir, adminUrl, template, postgres, redis, redisDatabase, keys });
  process.env[TEST_ENV.adminUrl] = adminUrl;
  process.env[TEST_ENV.template] = template;
  process.env[TEST_ENV.redisUrl] = redisUrl;
}

/** Stops what the run started; then fails (jest exits non-zero) if an undocumented key was written. */
export async function stopTestRun(): Promise<void> {
  const undocumented: string[] = [];
  for (const run of runs.splice(0)) {
    const checked = await run.keys.stop().catch((error: unknown) => error as Error);
    await run.redisDatabase?.release();
    if (!run.postgres) await dropDatabase(run.adminUrl, run.template);
    await run.redis?.stop();
    await run.postgres?.stop();
    await fs.rm(run.scratchDir, { recursive: true, force: true });
    if (checked instanceof Error) throw checked;
    process.stderr.write(`Redis keys created during the run: ${checked.created}, undocumented: ${checked.undocumented.length}\n`);
    undocumented.push(...checked.undocumented);
  }
  if (undocumented.length > 0) throw new UndocumentedRedisKeys(undocumented);
}

export class UndocumentedRedisKeys extends Error {
  constructor(keys: readonly string[]) {
    const shown = keys.slice(0, 20).map((key) => `  ${key}`).join('\n');
    super(`${keys.length} Redis key(s) written during the run match no pattern of packages/jobs/src/redis-keys.ts (docs/operations.md, "Redis keys and Redis Cluster"):\n${shown}`);
    this.name = 'UndocumentedRedisKeys';
  }
}
