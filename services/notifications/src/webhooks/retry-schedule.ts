/**
 * Delays before each retry, after Standard Webhooks' suggested schedule, stretched to about three
 * days: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, 10 h, 14 h, 20 h (71.6 hours in all). An endpoint
 * still failing when the schedule runs out is disabled.
 */
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
export const STANDARD_RETRY_SCHEDULE_MS: readonly number[] = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR, 10 * HOUR, 14 * HOUR, 20 * HOUR];

/** The BullMQ backoff type of webhook jobs (a custom strategy; see deliver-webhook.job.ts). */
export const WEBHOOK_BACKOFF = 'webhook-schedule';

/** Attempts in all: the first and one per scheduled retry. */
export function totalAttempts(schedule: readonly number[]): number {
  return schedule.length + 1;
}

/** The delay after the `attemptsMade`-th failed attempt (1-based). */
export function retryDelayMs(schedule: readonly number[], attemptsMade: number): number {
  return schedule[Math.min(Math.max(attemptsMade, 1), schedule.length) - 1] ?? 0;
}
