import type { Database } from '@tandem/db';
import { FollowUpService } from './followup.service';
import { FollowUpResolver } from './graphql/followup.resolver';

export { careRuleHandler } from './care-rules';
export { CARE_RULE_SWEEP, careRuleSweepProcessor, sweepCareRules, sweepClinic } from './care-rule-sweep';
export type { SweepOutcome } from './care-rule-sweep';

export const FOLLOW_UP_RESOLVERS = [FollowUpResolver] as const;

export function createFollowUps(db: Database): { resolvers: readonly object[] } {
  return { resolvers: [new FollowUpResolver(new FollowUpService(db))] };
}
export { FollowUpTopic, completeRuleFollowUp, followUpClosed, insertFollowUp, insertFollowUps } from './followup-events';
export type { NewFollowUp } from './followup-events';
export { REMINDER_JOB, reminderJob, reminderScheduler } from './reminders';
export type { ReminderDeps } from './reminders';
