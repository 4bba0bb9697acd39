import { randomBytes } from 'node:crypto';
import { QueueName, queuePrefix, redisKeys } from '@tandem/jobs';
import { Redis } from 'ioredis';
import { testEnv } from '../src/env';
import { isTestOwnKey, recordCreatedKeys } from '../src/key-recorder';
import { claimRedisDatabase } from '../src/redis-database';
import type { ClaimedDatabase } from '../src/redis-database';

/**
 * The run's own recorder watches the run's database and would fail the run on this file's stray
 * key, so these tests write into another database, claimed like a run claims one.
 */
describe('the Redis key recorder', () => {
  const serverUrl = (() => {
    const url = new URL(testEnv('redisUrl'));
    url.pathname = '';
    return url.toString();
  })();
  let other: ClaimedDatabase;
  let client: Redis;

  beforeAll(async () => {
    other = await claimRedisDatabase(serverUrl, `test-${randomBytes(4).toString('hex')}`);
    client = new Redis(other.url, { maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    await client.quit();
    await other.release();
  });

  it('reports the keys created that match no documented pattern, and only those', async () => {
    const prefix = `tandem-test-${randomBytes(4).toString('hex')}`;
    const recorder = await recordCreatedKeys(other.url, { shared: true, settingsUrl: serverUrl });
    const documented = redisKeys.tenantKeysRateLimit(prefix, '6f1c2a10-8d3e-4b7a-9c55-0e2f4a6b8c9d');
    const testOwn = `${queuePrefix(prefix, 'test-selftest')}:test-selftest:id`;
    const stray = `${prefix}:session:${randomBytes(4).toString('hex')}`;
    await client.set(documented, '1');
    await client.incr(testOwn);
    await client.hset(stray, 'user', 'x');
    await client.hset(stray, 'again', 'y'); // not created again: one message per key
    const checked = await recorder.stop();
    await client.del(documented, testOwn, stray);
    expect(checked).toEqual({ created: 3, undocumented: [stray] });
  });

  it('leaves keyspace notifications on while another recorder (the run) still listens', async () => {
    const recorder = await recordCreatedKeys(other.url, { shared: true, settingsUrl: serverUrl });
    await recorder.stop();
    const [, flags] = (await client.config('GET', 'notify-keyspace-events')) as [string, string];
    expect(flags).toMatch(/E/);
    expect(flags).toMatch(/n/);
  });

  it('claims a different database for each run', async () => {
    const second = await claimRedisDatabase(serverUrl, 'test-second');
    try {
      expect(new URL(second.url).pathname).not.toBe(new URL(other.url).pathname);
      expect(new URL(second.url).pathname).not.toBe(new URL(testEnv('redisUrl')).pathname);
    } finally {
      await second.release();
    }
  });

  it("excludes only test-made queues' keys", () => {
    expect(isTestOwnKey('{tandem-test-0a1b2c3d:test-worker-selftest}:test-worker-selftest:1')).toBe(true);
    expect(isTestOwnKey(`{tandem:${QueueName.Notify}}:${QueueName.Notify}:1`)).toBe(false);
    expect(isTestOwnKey('{tandem:test-a}:test-b:1')).toBe(false);
  });
});
