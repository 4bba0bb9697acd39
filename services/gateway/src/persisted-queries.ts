import type { Redis } from 'ioredis';

/** How long a persisted query stays without being sent again. */
export const PERSISTED_QUERY_TTL_SECONDS = 7 * 24 * 60 * 60;

/**
 * Apollo's KeyValueCache over the gateway's Redis, for automatic persisted queries: every
 * gateway instance shares the hash → query map, under `<prefix>:apq:`. Apollo's own
 * Keyv adapter would do the same with two more dependencies.
 */
export class RedisQueryCache {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(this.prefix + key)) ?? undefined;
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    const ttl = options?.ttl ?? PERSISTED_QUERY_TTL_SECONDS;
    await this.redis.set(this.prefix + key, value, 'EX', Math.max(1, Math.ceil(ttl)));
  }

  async delete(key: string): Promise<boolean | void> {
    return (await this.redis.del(this.prefix + key)) > 0;
  }
}
