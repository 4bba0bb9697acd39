/**
 * When a follow-up's reminders and escalations fire (issue "Follow-ups and notifications"):
 * the assignee is reminded some hours before it is due (the clinic's `remindHoursBeforeDue`,
 * default 24 h and 1 h), the prescriber of record hears the moment it is overdue, and the clinic's
 * admins after a further `escalateToAdminAfterHours` (default 24 h).
 */
export type ReminderStepKind = 'REMIND_ASSIGNEE' | 'OVERDUE' | 'OVERDUE_TO_ADMIN';

export interface ReminderStep {
  /** Stable name of the step, part of its job id: `remind-24h`, `overdue`, `overdue-admin`. */
  readonly step: string;
  readonly kind: ReminderStepKind;
  readonly at: Date;
}

export interface ReminderPolicy {
  readonly remindHoursBeforeDue: readonly number[];
  readonly escalateToAdminAfterHours: number;
}

const HOUR = 3_600_000;

/**
 * The steps still ahead for a follow-up due at `dueAt`, seen at `now`. A reminder whose time has
 * passed is dropped (the assignee was told when it was assigned; a late "due in 24 h" would be
 * false); the overdue escalations are always planned, firing at once when already late.
 */
export function reminderPlan(dueAt: Date, now: Date, policy: ReminderPolicy): ReminderStep[] {
  const due = dueAt.getTime();
  const reminders = [...new Set(policy.remindHoursBeforeDue)]
    .sort((a, b) => b - a)
    .map((hours): ReminderStep => ({ step: `remind-${hours}h`, kind: 'REMIND_ASSIGNEE', at: new Date(due - hours * HOUR) }))
    .filter((reminder) => reminder.at.getTime() > now.getTime());
  return [
    ...reminders,
    { step: 'overdue', kind: 'OVERDUE', at: new Date(due) },
    { step: 'overdue-admin', kind: 'OVERDUE_TO_ADMIN', at: new Date(due + policy.escalateToAdminAfterHours * HOUR) },
  ];
}

/** How long from `now` until a step fires (never negative). */
export function delayUntil(step: ReminderStep, now: Date): number {
  return Math.max(0, step.at.getTime() - now.getTime());
}
