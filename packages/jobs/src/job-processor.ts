import type { BackoffStrategy, Job } from 'bullmq';

/**
 * What every job carries: the tenant it belongs to and the request that caused it, as ids.
 * Payloads never hold PHI: Redis stores job data in clear text. A processor loads what it
 * needs inside a tenant-scoped transaction.
 */
export interface JobPayload {
  readonly tenantId: string;
  readonly requestId: string;
}

/**
 * A worker's unit of work: plain functions registered in one explicit list
 * (services/worker/src/processors.ts), never discovered by reflection.
 */
export interface JobProcessor<Payload extends JobPayload = JobPayload> {
  readonly queue: string;
  readonly concurrency: number;
  /** Delays of a custom backoff type (e.g. partner webhooks' published retry schedule). */
  readonly backoffStrategy?: BackoffStrategy;
  process(job: Job<Payload>): Promise<void>;
  /** Recurring jobs this processor wants on its queue; every worker upserts them (ids are fixed). */
  readonly schedules?: readonly RecurringJob[];
}

/**
 * A job the queue produces every `everyMs` (a BullMQ job scheduler). The id is fixed, so N workers
 * upserting it make one schedule. A recurring job that spans tenants (a sweep) carries no tenant:
 * its data is only the request id its log lines name.
 */
export interface RecurringJob {
  readonly id: string;
  readonly name: string;
  readonly everyMs: number;
}

/** Queue-level defaults: retries with exponential backoff; failures stay inspectable. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: false,
} as const;
