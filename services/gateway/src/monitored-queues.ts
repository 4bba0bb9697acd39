import { QueueName, closeRedis, queuePrefix, redisOptions } from '@tandem/jobs';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/** Every queue of `QueueName`, opened for reading by /metrics and the operators' dashboard. */
export interface MonitoredQueues {
  readonly queues: readonly Queue[];
  close(): Promise<void>;
}

/**
 * One Queue per `QueueName` (a queue added to the enum shows up with no change here), on a
 * connection of its own with producer settings: with Redis away its commands fail at once instead
 * of queueing, so a scrape or a dashboard page cannot pile up work behind GraphQL's requests.
 */
export function openMonitoredQueues(redis: Redis, namespace: string): MonitoredQueues {
  const connection = redis.duplicate({ ...redisOptions('producer'), lazyConnect: false });
  // Outages surface as tandem_queue_up 0 and in /readyz; an event per reconnect attempt is noise.
  connection.on('error', () => undefined);
  const queues = Object.values(QueueName).map((name) => {
    // skipMetasUpdate: a reader must not rewrite the queue's settings in Redis.
    const queue = new Queue(name, { connection, prefix: queuePrefix(namespace, name), skipMetasUpdate: true });
    queue.on('error', () => undefined);
    return queue;
  });
  return {
    queues,
    async close() {
      await Promise.all(queues.map((queue) => queue.close().catch(() => undefined)));
      await closeRedis(connection);
    },
  };
}
