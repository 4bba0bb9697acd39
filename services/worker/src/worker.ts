import type { Logger } from '@tandem/core';
import type { Database } from '@tandem/db';
import { closeRedis, queuePrefix, redisOptions, relayTarget, startOutboxRelay } from '@tandem/jobs';
import type { JobPayload, JobProcessor } from '@tandem/jobs';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';

export interface WorkerDependencies {
  readonly redisUrl: string;
  readonly processors: readonly JobProcessor[];
  readonly log: Logger;
  /** BullMQ key namespace (tests use their own). */
  readonly namespace?: string;
  /** Relay this database's outbox into the queues (every worker may: relays never collide). */
  readonly relayFrom?: Database;
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
  const relay = deps.relayFrom ? startRelay(deps.relayFrom, deps.redisUrl, prefix, deps.log) : null;
  const queues = deps.processors.map((p) => p.queue);
  deps.log.info({ queues, relay: relay !== null }, 'worker started');
  return {
    queues,
    async close() {
      await relay?.stop();
      await Promise.all(workers.map((w) => w.close()));
      await closeRedis(connection);
      deps.log.info('worker stopped');
    },
  };
}

function startRelay(db: Database, redisUrl: string, prefix: string, log: Logger): { stop(): Promise<void> } {
  return startOutboxRelay(db, () => relayTarget(redisUrl, prefix), log);
}
