import type { Job } from 'bullmq';
import type { JobProcessor } from './job-processor';
import type { RelayedPayload } from './outbox-relay';
import { QueueName } from './queues';

/** Reacts to relayed outbox events of some topics (deliver a notification, apply a care rule). */
export interface EventHandler {
  readonly topics: readonly string[];
  handle(event: RelayedPayload): Promise<void>;
}

/**
 * One processor for the relayed events, handing each to every handler of its topic. Handlers are
 * idempotent (a retried job runs them again), so a failure retries the whole event safely.
 */
export function eventsProcessor(handlers: readonly EventHandler[]): JobProcessor<RelayedPayload> {
  return {
    queue: QueueName.Notify,
    concurrency: 4,
    async process(job: Job<RelayedPayload>) {
      for (const handler of handlers) {
        if (handler.topics.includes(job.data.topic)) await handler.handle(job.data);
      }
    },
  };
}
