import { isDocumentedKey } from '@tandem/jobs';
import { Redis } from 'ioredis';

/**
 * Records every key created in one Redis database during a jest run and keeps those that match
 * none of the documented patterns (packages/jobs/src/redis-keys.ts, docs/operations.md). It listens
 * to Redis's keyspace notifications of type `new` (one message per key created, whoever created
 * it: test files, gateways and workers in child processes, Lua scripts), so the cost is one
 * message per key, not per command.
 */
export interface KeyRecorder {
  /** Stops listening; the keys created that no documented pattern matches. */
  stop(): Promise<KeyCheck>;
}

export interface KeyCheck {
  readonly created: number;
  readonly undocumented: readonly string[];
}

/**
 * The one exclusion, for keys tests write themselves rather than the system: the BullMQ keys of a
 * queue a test makes up (its name starts with `test-`, e.g. the worker's self-test queue).
 */
const TEST_OWN_QUEUE = /^\{[a-z][a-z0-9-]{0,39}:(test-[a-z0-9-]+)\}:\1:/;

/** Notification flags needed: E (keyevent channel), n (key created). */
const FLAGS = ['E', 'n'];
/** Subscribed to by every recorder while it runs, so the last one out knows it is the last. */
const RECORDERS_CHANNEL = 'tandem-test:key-recorders';
/** The notification setting before the first recorder changed it, for the last one to restore. */
const SETTING_BEFORE = 'tandem-test:notify-keyspace-events-before';

export function isTestOwnKey(key: string): boolean {
  return TEST_OWN_QUEUE.test(key);
}

/**
 * `url` names the database to watch. `shared`: other runs may use this Redis at the same time, so
 * the notification setting is restored by the last recorder to stop (through `SETTING_BEFORE` in
 * `settingsUrl`'s database) rather than by each; a private server is simply stopped afterwards.
 */
export async function recordCreatedKeys(url: string, options: { shared: boolean; settingsUrl?: string }): Promise<KeyRecorder> {
  const subscriber = new Redis(url, { maxRetriesPerRequest: 1 });
  const admin = new Redis(options.settingsUrl ?? url, { maxRetriesPerRequest: 1 });
  const channel = `__keyevent@${subscriber.options.db ?? 0}__:new`;
  let created = 0;
  const undocumented = new Set<string>();
  subscriber.on('message', (from: string, key: string) => {
    if (from !== channel) return;
    created += 1;
    if (!isDocumentedKey(key) && !isTestOwnKey(key)) undocumented.add(key);
  });
  await subscriber.subscribe(channel, RECORDERS_CHANNEL);
  const before = await notificationFlags(admin);
  const missing = FLAGS.filter((flag) => !before.includes(flag));
  if (missing.length > 0) {
    if (options.shared) await admin.set(SETTING_BEFORE, before, 'NX');
    await admin.config('SET', 'notify-keyspace-events', before + missing.join(''));
  }
  return {
    async stop() {
      // A PING answered on the subscriber's own connection comes after every message sent before it.
      await subscriber.ping();
      const stillOn = await notificationFlags(admin);
      await subscriber.quit();
      if (!FLAGS.every((flag) => stillOn.includes(flag))) {
        await admin.quit();
        throw new Error('Redis keyspace notifications were turned off during the run: the keys written were not all checked');
      }
      await restoreWhenLast(admin, options.shared ? null : before);
      await admin.quit();
      return { created, undocumented: [...undocumented].sort() };
    },
  };
}

async function notificationFlags(admin: Redis): Promise<string> {
  const [, value] = (await admin.config('GET', 'notify-keyspace-events')) as [string, string];
  return value;
}

/** `before` given: this recorder alone changed the setting. Otherwise the last shared recorder restores. */
async function restoreWhenLast(admin: Redis, before: string | null): Promise<void> {
  if (before !== null) {
    await admin.config('SET', 'notify-keyspace-events', before);
    return;
  }
  const [, listening] = (await admin.pubsub('NUMSUB', RECORDERS_CHANNEL)) as [string, number];
  if (Number(listening) > 0) return;
  const saved = await admin.get(SETTING_BEFORE);
  if (saved === null) return;
  await admin.config('SET', 'notify-keyspace-events', saved);
  await admin.del(SETTING_BEFORE);
}
