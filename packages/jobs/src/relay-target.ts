import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { RelayTarget, RelayedPayload } from './outbox-relay';
import { QueueName } from './queues';
import { closeRedis, redisOptions } from './redis-connection';
import { queuePrefix } from './redis-keys';

/**
 * The notify queue on a fresh producer connection (offline queue off: an outage fails a batch
 * instead of hanging it). The relay makes a new one after a failure.
 */
export function relayTarget(redisUrl: string, namespace: string): RelayTarget {
  const connection = new Redis(redisUrl, redisOptions('producer'));
  connection.on('error', () => undefined);
  const queue = new Queue<RelayedPayload>(QueueName.Notify, { connection, prefix: queuePrefix(namespace, QueueName.Notify) });
  queue.on('error', () => undefined);
  return {
    queue,
    async close() {
      await queue.close().catch(() => undefined);
      await closeRedis(connection);
    },
  };
}
