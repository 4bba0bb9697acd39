import type { Redis } from 'ioredis';

/**
 * A token bucket per key in Redis, filled at `perMinute / 60` units a second up to `perMinute`.
 * One Lua script reads, refills, takes and writes, so concurrent gateways never over-spend; time
 * is Redis's own, so gateways with skewed clocks agree.
 */
const TAKE = `
local capacity = tonumber(ARGV[1])
local perMs = capacity / 60000
local cost = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'units', 'at')
local units = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
units = math.min(capacity, units + math.max(0, now - at) * perMs)
local retry = 0
if units >= cost then
  units = units - cost
else
  retry = math.ceil((cost - units) / perMs / 1000)
end
redis.call('HSET', KEYS[1], 'units', tostring(units), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], 61000)
return { retry, math.floor(units) }
`;

export interface TakeResult {
  /** 0 when the units were taken; otherwise seconds until they could be. */
  readonly retryAfterSeconds: number;
  readonly remaining: number;
}

/**
 * Fails open: when Redis is down or slow the operation is served unmetered (and `onUnavailable`
 * says so) instead of refused. Clinical work — a safety signal, a dose — must not stop because
 * the rate limiter cannot count; the outbox already keeps notifications through such an outage.
 */
export class CostRateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly onUnavailable: (reason: string) => void = () => undefined,
    /** How long a take may wait on Redis before the request goes ahead unmetered. */
    private readonly timeoutMs = 1_000,
  ) {}

  async take(key: string, cost: number, perMinute: number): Promise<TakeResult> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const taken = this.redis.eval(TAKE, 1, key, perMinute, cost) as Promise<[number, number]>;
      const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('rate limiter timed out')), this.timeoutMs)));
      const [retryAfterSeconds, remaining] = await Promise.race([taken, late]);
      return { retryAfterSeconds, remaining };
    } catch (error) {
      this.onUnavailable((error as Error).message);
      return { retryAfterSeconds: 0, remaining: 0 };
    } finally {
      clearTimeout(timer);
    }
  }
}
