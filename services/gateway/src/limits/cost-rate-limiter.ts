import type { Redis } from 'ioredis';

/**
 * Token buckets in Redis, each filled at `perMinute / 60` units a second up to `perMinute`. An
 * operation takes its cost from every bucket it counts against (a key's own and its clinic's
 * keys together) or from none: one Lua script reads, refills, takes and writes them all, so
 * concurrent gateways never over-spend; time is Redis's own, so gateways with skewed clocks agree.
 * ARGV: the cost, then each bucket's capacity in KEYS order.
 */
const TAKE = `
local cost = tonumber(ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local units, perMs = {}, {}
local retry, remaining = 0, nil
for i, key in ipairs(KEYS) do
  local capacity = tonumber(ARGV[i + 1])
  perMs[i] = capacity / 60000
  local state = redis.call('HMGET', key, 'units', 'at')
  local at = tonumber(state[2]) or now
  units[i] = math.min(capacity, (tonumber(state[1]) or capacity) + math.max(0, now - at) * perMs[i])
  if units[i] < cost then retry = math.max(retry, math.ceil((cost - units[i]) / perMs[i] / 1000)) end
end
for i, key in ipairs(KEYS) do
  if retry == 0 then units[i] = units[i] - cost end
  remaining = math.min(remaining or units[i], units[i])
  redis.call('HSET', key, 'units', tostring(units[i]), 'at', tostring(now))
  redis.call('PEXPIRE', key, 61000)
end
return { retry, math.floor(remaining) }
`;

/** The name TAKE is defined under on the Redis client (ioredis `defineCommand`). */
const TAKE_COMMAND = 'tandemTakeCost';

/** The client with TAKE defined: numkeys, the keys, then ARGV. */
type WithTake = Redis & { [TAKE_COMMAND]: (numberOfKeys: number, ...keysThenArgv: (string | number)[]) => Promise<[number, number]> };

/**
 * Defines TAKE on the client once. ioredis then sends it by its SHA1 (EVALSHA), and the script's
 * text only the first time on each connection and after Redis forgets it (NOSCRIPT, as after a
 * restart): the script is a kilobyte that EVAL sent, and Redis hashed, on every request.
 */
function withTake(redis: Redis): WithTake {
  if (!(TAKE_COMMAND in redis)) redis.defineCommand(TAKE_COMMAND, { lua: TAKE });
  return redis as WithTake;
}

/** One budget an operation counts against. */
export interface Bucket {
  readonly key: string;
  readonly perMinute: number;
}

export interface TakeResult {
  /** 0 when the units were taken; otherwise seconds until they could be. */
  readonly retryAfterSeconds: number;
  /** Units left in the emptiest of the buckets (what the caller may still spend this minute). */
  readonly remaining: number;
}

/**
 * Fails open: when Redis is down or slow the operation is served unmetered (and `onUnavailable`
 * says so) instead of refused. Clinical work — a safety signal, a dose — must not stop because
 * the rate limiter cannot count; the outbox already keeps notifications through such an outage.
 */
export class CostRateLimiter {
  private readonly redis: WithTake;

  constructor(
    redis: Redis,
    private readonly onUnavailable: (reason: string) => void = () => undefined,
    /** How long a take may wait on Redis before the request goes ahead unmetered. */
    private readonly timeoutMs = 1_000,
  ) {
    this.redis = withTake(redis);
  }

  async take(buckets: readonly Bucket[], cost: number): Promise<TakeResult> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const taken = this.redis[TAKE_COMMAND](buckets.length, ...buckets.map((bucket) => bucket.key), cost, ...buckets.map((bucket) => bucket.perMinute))
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
