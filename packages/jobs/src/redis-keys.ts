import { QueueName } from './queues';

/**
 * Every key Tandem writes to Redis, in one place: the builders the code uses and the documented
 * patterns (docs/operations.md, "Redis keys and Redis Cluster") that a test compares with the
 * docs and the integration suite compares with every key it sees written.
 *
 * Redis Cluster places a key by the part between its first `{` and `}` (the hash tag); a Lua
 * script, MULTI or multi-key command must touch one slot only. So each group of keys used
 * together shares a tag, and nothing larger than that group does:
 * - one BullMQ queue: `{<prefix>:<queue>}` (BullMQ's scripts touch many keys of one queue);
 *   queues spread over the cluster instead of all sitting in one slot;
 * - one clinic's rate-limit buckets: `{<tenant>}` (one script takes from all of them at once).
 */

/** BullMQ key prefix of one queue: a hash tag per queue, so a queue's keys share one slot. */
export function queuePrefix(namespace: string, queue: string): string {
  return `{${namespace}:${queue}}`;
}

/** The single-slot prefix of every queue before per-queue tags (moved by `moveLegacyQueueJobs`). */
export function legacyQueuePrefix(namespace: string): string {
  return `{${namespace}}`;
}

export const redisKeys = {
  /** A caller's cost budget: a partner API key's or a user's, within one clinic. */
  rateLimit(prefix: string, tenantId: string, caller: { apiKeyId: string } | { userId: string }): string {
    return 'apiKeyId' in caller ? `${prefix}:rl:{${tenantId}}:key:${caller.apiKeyId}` : `${prefix}:rl:{${tenantId}}:user:${caller.userId}`;
  },
  /** The budget a clinic's API keys share. */
  tenantKeysRateLimit(prefix: string, tenantId: string): string {
    return `${prefix}:rl:{${tenantId}}:keys`;
  },
  /** Apollo's KeyValueCache prefix for automatic persisted queries (Apollo appends `apq:<sha256>`). */
  persistedQueries(prefix: string): string {
    return `${prefix}:apq:`;
  },
  idempotency(prefix: string, tenantId: string, callerId: string, mutation: string, key: string): string {
    return `${prefix}:idem:${tenantId}:${callerId}:${mutation}:${key}`;
  },
  /** Failed sign-ins (the password step, by e-mail; the MFA step, by user id), the account hashed. */
  signInFailuresByAccount(prefix: string, step: SignInStep, accountSha256: string): string {
    return `${signInPrefix(prefix, step)}:account:${accountSha256}`;
  },
  signInFailuresByAddress(prefix: string, step: SignInStep, address: string): string {
    return `${signInPrefix(prefix, step)}:address:${address}`;
  },
} as const;

export type SignInStep = 'password' | 'mfa';

function signInPrefix(prefix: string, step: SignInStep): string {
  return step === 'password' ? `${prefix}:signin` : `${prefix}:mfa:signin`;
}

/** A documented key pattern; `<…>` are placeholders (see PLACEHOLDERS). */
export interface RedisKeyPattern {
  readonly pattern: string;
  /** Which clinic the key belongs to, or why it has none. */
  readonly tenant: string;
  readonly holds: string;
}

export const REDIS_KEY_PATTERNS: readonly RedisKeyPattern[] = [
  { pattern: '{<prefix>:<queue>}:<queue>:<bullmq key>', tenant: 'none: queues are shared by every clinic; each job payload names its tenant', holds: "BullMQ's keys of one queue (jobs, lists, locks, schedulers, events); job data holds ids only" },
  { pattern: '<prefix>:rl:{<tenant>}:key:<api key id>', tenant: 'yes', holds: "a partner API key's cost budget (token bucket)" },
  { pattern: '<prefix>:rl:{<tenant>}:keys', tenant: 'yes', holds: "the budget all of a clinic's API keys share" },
  { pattern: '<prefix>:rl:{<tenant>}:user:<user id>', tenant: 'yes', holds: "a signed-in user's cost budget" },
  { pattern: '<prefix>:idem:<tenant>:<caller id>:<mutation>:<idempotency key>', tenant: 'yes', holds: "a mutation's input hash and result, 24 h" },
  { pattern: '<prefix>:apq:apq:<sha256>', tenant: 'none: query text is the client application\'s, not a clinic\'s data (see below)', holds: 'the text of an automatic persisted query, 7 days' },
  { pattern: '<prefix>:signin:account:<sha256>', tenant: 'none: no clinic is known before sign-in', holds: 'failed sign-ins per account (the e-mail is hashed), 15 min' },
  { pattern: '<prefix>:signin:address:<address>', tenant: 'none: no clinic is known before sign-in', holds: 'failed sign-ins per client address, 15 min' },
  { pattern: '<prefix>:mfa:signin:account:<sha256>', tenant: "none: a user's failures count across all their clinics, so switching clinic gains no tries", holds: 'failed MFA codes per user (the user id is hashed), 15 min' },
  { pattern: '<prefix>:mfa:signin:address:<address>', tenant: "none: a user's failures count across all their clinics, so switching clinic gains no tries", holds: 'failed MFA codes per client address, 15 min' },
];

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** What each placeholder may stand for. `<prefix>` is REDIS_KEY_PREFIX's own format. */
export const PLACEHOLDERS: Readonly<Record<string, string>> = {
  prefix: '[a-z][a-z0-9-]{0,39}',
  queue: `(?:${Object.values(QueueName).join('|')})`,
  'bullmq key': '.+',
  tenant: UUID,
  'api key id': UUID,
  'user id': UUID,
  'caller id': `(?:user|key)-${UUID}`,
  mutation: '[A-Za-z_][A-Za-z0-9_]*',
  'idempotency key': '[A-Za-z0-9_-]{1,100}',
  sha256: '[0-9a-f]{64}',
  address: '.+',
};

/**
 * A pattern as a regular expression. `<prefix>` and `<queue>` must be the same wherever they occur
 * in one key (a queue's keys carry its name in the tag and after it).
 */
export function patternRegExp(pattern: string): RegExp {
  const seen = new Set<string>();
  const source = pattern.split(/(<[^>]+>)/).map((part) => {
    const name = /^<([^>]+)>$/.exec(part)?.[1];
    if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const placeholder = PLACEHOLDERS[name];
    if (placeholder === undefined) throw new Error(`unknown placeholder <${name}> in ${pattern}`);
    const group = name.replace(/\W/g, '_');
    if (name !== 'prefix' && name !== 'queue') return placeholder;
    if (seen.has(name)) return `\\k<${group}>`;
    seen.add(name);
    return `(?<${group}>${placeholder})`;
  });
  return new RegExp(`^${source.join('')}$`);
}

const COMPILED = REDIS_KEY_PATTERNS.map((p) => patternRegExp(p.pattern));

/** Whether a key matches one of the documented patterns. */
export function isDocumentedKey(key: string): boolean {
  return COMPILED.some((re) => re.test(key));
}
