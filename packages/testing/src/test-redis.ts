import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { testEnv } from './env';

export interface TestRedis {
  readonly url: string;
  /** A key prefix of this test file's own, so files sharing one Redis never see each other. */
  readonly prefix: string;
  connect(): Redis;
  close(): Promise<void>;
}

/** This test file's view of the suite's Redis, or of `url` (a Redis the test starts and stops itself). */
export function createTestRedis(url = testEnv('redisUrl')): TestRedis {
  const prefix = `tandem-test-${randomBytes(4).toString('hex')}`;
  const clients: Redis[] = [];
  return {
    url,
    prefix,
    connect() {
      const client = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: false });
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
