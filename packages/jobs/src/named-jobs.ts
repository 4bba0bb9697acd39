import type { Job } from 'bullmq';
import type { JobPayload, JobProcessor } from './job-processor';
import type { QueueName } from './queues';

export type NamedJobHandler = (job: Job<JobPayload & Record<string, unknown>>) => Promise<void>;

/**
 * One processor for a queue that carries several kinds of job, dispatching on the job's name.
 * (One processor per queue: two workers on one queue would each take the other's jobs.)
 * An unknown name fails the job, which stays inspectable.
 */
export function namedJobsProcessor(queue: QueueName, handlers: Readonly<Record<string, NamedJobHandler>>, concurrency = 4): JobProcessor {
  return {
    queue,
    concurrency,
    async process(job) {
      const handler = handlers[job.name];
      if (!handler) throw new Error(`No handler for job "${job.name}" on queue ${queue}`);
      await handler(job as Job<JobPayload & Record<string, unknown>>);
    },
  };
}
