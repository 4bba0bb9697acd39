import { Queue } from 'bullmq';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '@tandem/core';
import { legacyQueuePrefix, queuePrefix } from './redis-keys';

/** Jobs still to run; completed and failed ones stay where they are (see docs/operations.md). */
const PENDING = ['wait', 'prioritized', 'delayed'] as const;
const PAGE = 500;

export interface MovedJobs {
  readonly queue: string;
  readonly moved: number;
  /** Schedulers removed from the old queue (every worker upserts its own on the new one). */
  readonly schedulers: number;
}

/**
 * The upgrade from one hash tag for all queues (`{prefix}`) to one per queue (`{prefix:queue}`):
 * moves each queue's pending jobs, same id, name, data and options, their delays kept, from the
 * old keys to the new ones, and removes the old schedulers. Workers run it at start; it reads one
 * key per queue when there is nothing to move. Old-version workers must be stopped first
 * (docs/operations.md): a job one of them holds cannot be removed and is left to it. Adding is a
 * no-op for an id that exists, so workers starting together move each job once.
 */
export async function moveLegacyQueueJobs(connection: Redis, namespace: string, queues: readonly string[], log: Logger): Promise<MovedJobs[]> {
  const results: MovedJobs[] = [];
  for (const name of queues) {
    // BullMQ writes a queue's meta key when it first opens it: no meta, no old queue.
    if ((await connection.exists(`${legacyQueuePrefix(namespace)}:${name}:meta`)) === 0) continue;
    const from = new Queue(name, { connection, prefix: legacyQueuePrefix(namespace), skipMetasUpdate: true });
    const to = new Queue(name, { connection, prefix: queuePrefix(namespace, name) });
    try {
      const result = { queue: name, schedulers: await removeSchedulers(from), moved: await moveJobs(from, to) };
      if (result.moved + result.schedulers > 0) log.info(result, 'moved jobs from the single-slot queue prefix');
      results.push(result);
    } finally {
      await Promise.all([from.close(), to.close()]);
    }
  }
  return results;
}

async function removeSchedulers(from: Queue): Promise<number> {
  const schedulers = await from.getJobSchedulers(0, -1);
  for (const scheduler of schedulers) await from.removeJobScheduler(scheduler.key);
  return schedulers.length;
}

async function moveJobs(from: Queue, to: Queue): Promise<number> {
  const skipped = new Set<string>();
  let moved = 0;
  for (;;) {
    const page = (await from.getJobs([...PENDING], 0, PAGE - 1, true)).filter((job) => job.id !== undefined && !skipped.has(job.id));
    if (page.length === 0) return moved;
    for (const job of page as Job[]) {
      if (await moveJob(job, to)) moved += 1;
      else skipped.add(job.id ?? '');
    }
  }
}

/** False when the job could not be taken from the old queue (an old worker holds it). */
async function moveJob(job: Job, to: Queue): Promise<boolean> {
  // A scheduler's own next run: the new queue's scheduler makes its own.
  if (job.repeatJobKey) return removed(job);
  const { jobId: _jobId, delay: _delay, ...options } = job.opts;
  const dueIn = Math.max(0, job.timestamp + job.delay - Date.now());
  await to.add(job.name, job.data, { ...options, jobId: job.id, delay: dueIn });
  return removed(job);
}

async function removed(job: Job): Promise<boolean> {
  try {
    await job.remove();
    return true;
  } catch {
    return false;
  }
}
