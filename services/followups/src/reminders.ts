import { effectiveSettings } from '@tandem/accounts';
import { reminderPlan } from '@tandem/clinical';
import type { ReminderPolicy, ReminderStepKind } from '@tandem/clinical';
import type { Clock } from '@tandem/core';
import type { Database, EntityManager } from '@tandem/db';
import { QueueName } from '@tandem/jobs';
import type { EventHandler, JobQueues, NamedJobHandler } from '@tandem/jobs';
import { PRESCRIBERS, careTeamWith, clinicAdmins, deliverAlert } from '@tandem/notifications';
import type { Mailer, NotificationKind } from '@tandem/notifications';
import { FollowUpTopic } from './followup-events';

export const REMINDER_JOB = 'follow-up-reminder';

export interface ReminderDeps {
  readonly db: Database;
  readonly queues: JobQueues;
  readonly clock: Clock;
  readonly mailer: Mailer | null;
}

/** A step's job id: the follow-up, the due time it was planned for, and the step (BullMQ ids may not hold ':'). */
function jobId(followUpId: string, dueAt: string, step: string): string {
  return `${REMINDER_JOB}.${followUpId}.${new Date(dueAt).getTime()}.${step}`;
}

async function reminderPolicy(m: EntityManager): Promise<ReminderPolicy> {
  const [tenant] = await m.query<{ settings: unknown }[]>(`SELECT settings FROM tenant WHERE id = app.current_tenant()`);
  return effectiveSettings(tenant?.settings ?? {}).reminders;
}

/**
 * Keeps a follow-up's delayed reminder jobs in step with it: planned when it is scheduled, moved
 * when it is rescheduled, withdrawn when it is closed. Withdrawal is a courtesy: every reminder
 * re-reads the follow-up when it fires and does nothing unless it is still open and still due
 * at the time it was planned for.
 */
export function reminderScheduler(deps: ReminderDeps): EventHandler {
  return {
    topics: [FollowUpTopic.Scheduled, FollowUpTopic.Rescheduled, FollowUpTopic.Closed],
    async handle(event) {
      const { followUpId, dueAt, previousDueAt } = event.ids;
      if (!followUpId || !dueAt) return;
      const now = deps.clock.now();
      const policy = await deps.db.withTenant({ tenantId: event.tenantId }, reminderPolicy);
      const current = reminderPlan(new Date(dueAt), now, policy);
      const previous = previousDueAt ? reminderPlan(new Date(previousDueAt), now, policy) : [];
      if (event.topic === FollowUpTopic.Closed) {
        await deps.queues.remove(QueueName.Reminders, current.map((s) => jobId(followUpId, dueAt, s.step)));
        return;
      }
      if (previousDueAt) await deps.queues.remove(QueueName.Reminders, previous.map((s) => jobId(followUpId, previousDueAt, s.step)));
      for (const step of current) {
        const id = jobId(followUpId, dueAt, step.step);
        const data = { tenantId: event.tenantId, requestId: event.requestId, followUpId, dueAt, kind: step.kind };
        await deps.queues.add(QueueName.Reminders, { name: REMINDER_JOB, id, data, delayMs: step.at.getTime() - now.getTime() });
      }
    },
  };
}

const RECIPIENTS: Readonly<Record<ReminderStepKind, (m: EntityManager, f: OpenFollowUp) => Promise<string[]>>> = {
  REMIND_ASSIGNEE: (_m, f) => Promise.resolve([f.assignee_id]),
  OVERDUE: async (m, f) => [f.assignee_id, ...(await careTeamWith(m, f.case_id, PRESCRIBERS))],
  OVERDUE_TO_ADMIN: async (m) => clinicAdmins(m),
};
const KIND: Readonly<Record<ReminderStepKind, NotificationKind>> = { REMIND_ASSIGNEE: 'FOLLOW_UP_REMINDER', OVERDUE: 'FOLLOW_UP_OVERDUE', OVERDUE_TO_ADMIN: 'FOLLOW_UP_OVERDUE' };

interface OpenFollowUp {
  assignee_id: string;
  case_id: string;
}

/** Fires a reminder or an escalation, if the follow-up is still open and due when planned. */
export function reminderJob(deps: ReminderDeps): NamedJobHandler {
  return async (job) => {
    const { tenantId } = job.data;
    const { followUpId, dueAt, kind } = job.data as unknown as { followUpId: string; dueAt: string; kind: ReminderStepKind };
    await deliverAlert(deps, tenantId, async (m) => {
      const [followUp] = await m.query<OpenFollowUp[]>(`SELECT assignee_id, case_id FROM follow_up WHERE id = $1 AND status = 'OPEN' AND due_at = $2`, [followUpId, dueAt]);
      if (!followUp) return null;
      const recipients = await RECIPIENTS[kind](m, followUp);
      return { kind: KIND[kind], subjectType: 'FollowUp', subjectId: followUpId, caseId: followUp.case_id, recipients, cause: String(job.id) };
    });
  };
}
