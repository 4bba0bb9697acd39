import type { JobProcessor } from '@tandem/jobs';

/**
 * Every job processor the worker runs, in one explicit list. Domain services export their
 * processors (outbox relay, notification delivery, follow-up reminders, care rules, credential
 * expiry) and they are added here as those services are built. None exists yet.
 */
export const PROCESSORS: readonly JobProcessor[] = [];
