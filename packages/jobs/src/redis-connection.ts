import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';

/**
 * ioredis settings per BullMQ's production guide.
 * - Workers block on Redis and must wait through outages forever: maxRetriesPerRequest null,
 *   offline queue on, reconnect with capped exponential backoff.
 * - Producers (the gateway, the outbox relay) must fail fast instead of hanging a request:
 *   offline queue off and a bounded retry count; the outbox keeps what could not be enqueued.
 */
export type RedisRole = 'worker' | 'producer';

export function redisOptions(role: RedisRole): RedisOptions {
  const retryStrategy = (attempt: number) => Math.min(2 ** attempt * 50, 5_000);
  if (role === 'worker') {
    return { maxRetriesPerRequest: null, enableOfflineQueue: true, enableReadyCheck: true, retryStrategy };
  }
  return { maxRetriesPerRequest: 1, enableOfflineQueue: false, enableReadyCheck: true, retryStrategy, connectTimeout: 3_000 };
}

/**
 * A connected client: resolves once Redis answers, fails after `timeoutMs` so a process that
 * cannot reach Redis at start-up says so instead of serving "not ready" forever.
 */
export async function connectRedis(url: string, role: RedisRole, timeoutMs = 10_000): Promise<Redis> {
  const client = new Redis(url, { ...redisOptions(role), lazyConnect: true });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis at ${redactedHost(url)} did not answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return client;
  } catch (error) {
    client.disconnect();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

function redactedHost(url: string): string {
  const { host } = new URL(url);
  return host;
}

/**
 * Closes a client politely when Redis is there and at once when it is not: during a terminal's
 * Ctrl-C a private redis-server may have stopped first, and QUIT would then fail.
 */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}
