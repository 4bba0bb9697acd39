import type { Database } from '@tandem/db';
import { careRuleHandler } from '@tandem/followups';
import { eventsProcessor } from '@tandem/jobs';
import type { JobProcessor } from '@tandem/jobs';
import { inboxHandler } from '@tandem/notifications';

/**
 * Every job processor the worker runs, in one explicit list: today one processor for relayed
 * outbox events, handing each to its handlers (inbox delivery, care rules). Reminders, e-mail,
 * webhooks and credential expiry join it as their issues are built.
 */
export function processorsFor(db: Database): JobProcessor[] {
  return [eventsProcessor([inboxHandler(db), careRuleHandler(db)])];
}
