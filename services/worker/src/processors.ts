import type { Database } from '@tandem/db';
import type { JobProcessor } from '@tandem/jobs';
import { inboxProcessor } from '@tandem/notifications';

/**
 * Every job processor the worker runs, in one explicit list. Follow-up reminders, care rules,
 * e-mail and webhook delivery and credential expiry join it as their issues are built.
 */
export function processorsFor(db: Database): JobProcessor[] {
  return [inboxProcessor(db)];
}
