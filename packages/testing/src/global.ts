import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '@tandem/core';
import { dropDatabase, migrate, provisionDatabase } from '@tandem/db';
import { startEmbeddedPostgres, startPrivateRedis } from '@tandem/embedded';
import type { EmbeddedPostgres, PrivateRedis } from '@tandem/embedded';
import { TEST_ENV, TEST_PASSWORDS } from './env';

/**
 * Once per jest run: a real PostgreSQL (embedded unless TEST_DATABASE_URL names a superuser
 * URL) holding a migrated template database, and a real Redis (a private redis-server unless
 * TEST_REDIS_URL is given). Test files find them through the TANDEM_TEST_* variables.
 */
interface TestRun {
  readonly scratchDir: string;
  readonly adminUrl: string;
  readonly template: string;
  readonly postgres?: EmbeddedPostgres;
  readonly redis?: PrivateRedis;
}

const runs: TestRun[] = [];

export async function startTestRun(): Promise<void> {
  const scratchDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tandem-test-'));
  await fs.chmod(scratchDir, 0o755);
  const postgres = process.env.TEST_DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: path.join(scratchDir, 'postgres') });
  const adminUrl = process.env.TEST_DATABASE_URL ?? postgres?.adminUrl;
  if (!adminUrl) throw new Error('unreachable: no admin URL');
  const redis = process.env.TEST_REDIS_URL ? undefined : await startPrivateRedis({ dir: path.join(scratchDir, 'redis') });
  const template = `tandem_test_tpl_${randomBytes(4).toString('hex')}`;
  const urls = await provisionDatabase({ adminUrl, database: template, ...TEST_PASSWORDS });
  await migrate(urls.ownerUrl, silentLogger());
  runs.push({ scratchDir, adminUrl, template, postgres, redis });
  process.env[TEST_ENV.adminUrl] = adminUrl;
  process.env[TEST_ENV.template] = template;
  process.env[TEST_ENV.redisUrl] = process.env.TEST_REDIS_URL ?? redis?.url;
}

export async function stopTestRun(): Promise<void> {
  for (const run of runs.splice(0)) {
    if (!run.postgres) await dropDatabase(run.adminUrl, run.template);
    await run.redis?.stop();
    await run.postgres?.stop();
    await fs.rm(run.scratchDir, { recursive: true, force: true });
  }
}
