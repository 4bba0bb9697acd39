import { hostname } from 'node:os';
import type { Logger } from '@tandem/core';
import type { Database } from '@tandem/db';
import { closeRedis, moveLegacyQueueJobs, openJobQueues, queuePrefix, redisOptions, relayTarget, startOutboxRelay } from '@tandem/jobs';
import type { JobPayload, JobProcessor, JobQueues } from '@tandem/jobs';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';

export interface WorkerDependencies {
  readonly redisUrl: string;
  /** The processors to run, given the queues they may schedule further jobs on. */
  readonly processors: (queues: JobQueues) => readonly JobProcessor[];
  readonly log: Logger;
  /** BullMQ key namespace (tests use their own). */
  readonly namespace?: string;
  /** How long running jobs may take to finish at shutdown (default 10 s) before they are left to be retried. */
  readonly closeGraceMs?: number;
  /** How long a job's lock lasts: a killed worker's job is retried after about this long. */
  readonly lockDurationMs?: number;
  /** Relay this database's outbox into the queues (every worker may: relays never collide). */
  readonly relayFrom?: Database;
  /**
   * This instance's name, stored by BullMQ on every job it takes (`processedBy`), so operators
   * (and the multi-instance test) can tell which of several workers ran a job. Default: host:pid.
   */
  readonly instanceName?: string;
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
  const namespace = deps.namespace ?? 'tandem';
  const instance = deps.instanceName ?? `${hostname()}:${process.pid}`;
  const jobQueues = openJobQueues(deps.redisUrl, namespace);
  const processors = deps.processors(jobQueues);
  // Jobs left under the old single-slot prefix by a version before per-queue hash tags.
  await moveLegacyQueueJobs(connection, namespace, processors.map((p) => p.queue), deps.log);
  const workers = processors.map((processor) => {
    const worker = new Worker<JobPayload>(processor.queue, (job) => processor.process(job), {
      name: instance,
      connection,
      prefix: queuePrefix(namespace, processor.queue),
      concurrency: processor.concurrency,
      lockDuration: deps.lockDurationMs ?? 30_000,
      stalledInterval: deps.lockDurationMs ?? 30_000,
      autorun: true,
      ...(processor.backoffStrategy ? { settings: { backoffStrategy: processor.backoffStrategy } } : {}),
    });
    worker.on('failed', (job, error) =>
      deps.log.warn({ queue: processor.queue, jobId: job?.id, attempts: job?.attemptsMade, reason: error.name }, 'job failed'),
    );
    worker.on('error', (error) => deps.log.error({ queue: processor.queue, err: { message: error.message } }, 'worker error'));
    return worker;
  });
  // Fixed scheduler ids: every worker upserts the same schedules, and Redis holds one of each.
  for (const processor of processors) {
    for (const recurring of processor.schedules ?? []) await jobQueues.schedule(processor.queue, recurring);
  }
  const relay = deps.relayFrom ? startRelay(deps.relayFrom, deps.redisUrl, namespace, deps.log) : null;
  const queues = processors.map((p) => p.queue);
  deps.log.info({ queues, relay: relay !== null, instance }, 'worker started');
  return {
    queues,
    async close() {
      await relay?.stop();
      const finished = Promise.all(workers.map((w) => w.close()));
      // Running jobs get a grace period. A job that cannot finish (Redis went away with it: its
      // result can never be recorded) must not hang the shutdown: dropping the connection fails
      // its pending commands, and its lock expires so another worker retries it (handlers are
      // idempotent).
      if (!(await settlesWithin(finished, connection.status === 'ready' ? (deps.closeGraceMs ?? 10_000) : 0))) {
        deps.log.warn('jobs still running at shutdown; leaving them to be retried');
        connection.disconnect();
        await settlesWithin(finished, 2_000);
      }
      await jobQueues.close();
      await closeRedis(connection);
      deps.log.info('worker stopped');
    },
  };
}

async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

function startRelay(db: Database, redisUrl: string, namespace: string, log: Logger): { stop(): Promise<void> } {
  return startOutboxRelay(db, () => relayTarget(redisUrl, namespace), log);
}
