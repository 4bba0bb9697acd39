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
