import type { Logger } from '@tandem/core';
import { closeRedis, queuePrefix, redisOptions } from '@tandem/jobs';
import type { JobPayload, JobProcessor } from '@tandem/jobs';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';

export interface WorkerDependencies {
  readonly redisUrl: string;
  readonly processors: readonly JobProcessor[];
  readonly log: Logger;
  /** BullMQ key namespace (tests use their own). */
  readonly namespace?: string;
}

export interface RunningWorker {
  readonly queues: readonly string[];
  /** Let running jobs finish, stop taking new ones, close the connection. */
  close(): Promise<void>;
}

/**
 * One BullMQ Worker per registered processor, all sharing a connection configured per BullMQ's
 * production guide. Job payloads hold ids only; the log records ids and outcomes, never data.
 */
export async function startWorker(deps: WorkerDependencies): Promise<RunningWorker> {
  const connection = new Redis(deps.redisUrl, redisOptions('worker'));
  connection.on('error', (error: Error) => deps.log.warn({ err: { message: error.message } }, 'redis connection error'));
  await connection.ping();
  const prefix = queuePrefix(deps.namespace);
  const workers = deps.processors.map((processor) => {
    const worker = new Worker<JobPayload>(processor.queue, (job) => processor.process(job), {
      connection,
      prefix,
      concurrency: processor.concurrency,
      autorun: true,
    });
    worker.on('failed', (job, error) =>
      deps.log.warn({ queue: processor.queue, jobId: job?.id, attempts: job?.attemptsMade, reason: error.name }, 'job failed'),
    );
    worker.on('error', (error) => deps.log.error({ queue: processor.queue, err: { message: error.message } }, 'worker error'));
    return worker;
  });
  const queues = deps.processors.map((p) => p.queue);
  deps.log.info({ queues }, 'worker started');
  return {
    queues,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await closeRedis(connection);
      deps.log.info('worker stopped');
    },
  };
}
