import { Queue } from 'bullmq';
import type { JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { DEFAULT_JOB_OPTIONS } from './job-processor';
import type { JobPayload, JobProcessor, RecurringJob } from './job-processor';
import type { QueueName } from './queues';
import { closeRedis, redisOptions } from './redis-connection';
import { queuePrefix } from './redis-keys';

/**
 * How a processor schedules further work (a reminder, a webhook delivery): add a job with a
 * stable id, or withdraw a pending one. Ids make both idempotent: adding an id that exists is a
 * no-op, removing one that is gone (or running) is harmless, because every processor re-checks
 * the database before acting. (BullMQ refuses ids that contain a colon.)
 */
export interface JobQueues {
  add<P extends JobPayload>(queue: QueueName, job: { name: string; id: string; data: P; delayMs?: number; options?: JobsOptions }): Promise<void>;
  remove(queue: QueueName, jobIds: readonly string[]): Promise<void>;
  /** Creates or updates a recurring job; upserting the same id again never makes a second one. */
  schedule(queue: QueueName | JobProcessor['queue'], job: RecurringJob): Promise<void>;
  close(): Promise<void>;
}

export function openJobQueues(redisUrl: string, namespace: string): JobQueues {
  const connection = new Redis(redisUrl, redisOptions('producer'));
  connection.on('error', () => undefined);
  const queues = new Map<string, Queue>();
  const queueFor = (name: string): Queue => {
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection, prefix: queuePrefix(namespace, name) });
      queue.on('error', () => undefined);
      queues.set(name, queue);
    }
    return queue;
  };
  return {
    async add(queue, job) {
      await queueFor(queue).add(job.name, job.data, { ...DEFAULT_JOB_OPTIONS, ...job.options, jobId: job.id, delay: Math.max(0, job.delayMs ?? 0) });
    },
    async remove(queue, jobIds) {
      // A job that is running right now cannot be removed; it re-checks the database and stops.
      await Promise.all(jobIds.map((id) => queueFor(queue).remove(id).catch(() => 0)));
    },
    async schedule(queue, job) {
      await queueFor(queue).upsertJobScheduler(job.id, { every: job.everyMs }, { name: job.name, data: { requestId: job.id }, opts: { ...DEFAULT_JOB_OPTIONS, attempts: 3 } });
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close().catch(() => undefined)));
      await closeRedis(connection);
    },
  };
}
