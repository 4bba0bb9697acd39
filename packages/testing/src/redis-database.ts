import { Redis } from 'ioredis';

/**
 * A Redis database of this run's own on a Redis other runs share (TEST_REDIS_URL): the keys
 * created in it are this run's, so the key check (key-recorder.ts) never blames this run for
 * another's. A URL that names a database already (`redis://host:6379/3`) is used as it is.
 * The claim is a key in the database, set if absent, expiring after 3 hours in case a run dies
 * without its teardown (Ctrl-C), so dead runs cannot use up the 15 databases for long.
 */
const CLAIM = 'tandem-test:claimed-by';
const CLAIM_SECONDS = 3 * 3600;

export interface ClaimedDatabase {
  readonly url: string;
  release(): Promise<void>;
}

export async function claimRedisDatabase(sharedUrl: string, runId: string): Promise<ClaimedDatabase> {
  const url = new URL(sharedUrl);
  if (url.pathname.length > 1) return { url: sharedUrl, release: () => Promise.resolve() };
  const admin = new Redis(sharedUrl, { maxRetriesPerRequest: 1 });
  try {
    const [, count] = (await admin.config('GET', 'databases')) as [string, string];
    // Database 0 is where runs without a claim (and developers) put their keys.
    for (let db = 1; db < Number(count); db += 1) {
      await admin.select(db);
      if ((await admin.set(CLAIM, runId, 'EX', CLAIM_SECONDS, 'NX')) === 'OK') {
        url.pathname = `/${db}`;
        return { url: url.toString(), release: () => release(url.toString(), runId) };
      }
    }
  } finally {
    await admin.quit();
  }
  throw new Error(`Every Redis database of TEST_REDIS_URL is claimed by another test run; name one in the URL (${'redis://host:port/N'}) or wait`);
}

async function release(url: string, runId: string): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    if ((await client.get(CLAIM)) === runId) await client.del(CLAIM);
  } finally {
    await client.quit();
  }
}
