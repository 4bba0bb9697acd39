import { newId } from '@tandem/core';
import type { EntityManager } from '@tandem/db';
import { writeOutbox } from '@tandem/jobs';
import type { FollowUpView } from './followup-record';

/**
 * Outbox topics of a follow-up's life. The worker schedules reminders on `followup.scheduled`
 * (and notifies the assignee), moves them on `followup.rescheduled`, and withdraws them on
 * `followup.closed`. Payloads carry ids and times, never the title.
 */
export const FollowUpTopic = {
  Scheduled: 'followup.scheduled',
  Rescheduled: 'followup.rescheduled',
  Closed: 'followup.closed',
} as const;

/** What a new follow-up is given: the view's own fields, and who or what created it. */
export interface NewFollowUp extends Pick<FollowUpView, 'tenantId' | 'caseId' | 'kind' | 'title' | 'assigneeId' | 'dueAt' | 'priority'> {
  readonly createdAt: Date;
  /** Who created it by hand; absent for a care rule. */
  readonly createdBy?: string | null;
  /** A care rule's key, unique per clinic: a second insert with it creates nothing. */
  readonly ruleKey?: string;
}

/** Inserts a follow-up and its `followup.scheduled` event; null when the rule key already exists. */
export async function insertFollowUp(m: EntityManager, followUp: NewFollowUp): Promise<string | null> {
  const [created] = await insertFollowUps(m, [followUp]);
  return created?.id ?? null;
}

/**
 * Inserts many follow-ups in one statement (a care-rule sweep), each with its `followup.scheduled`
 * event; a rule key that already exists creates nothing. Returns the ones created.
 */
export async function insertFollowUps(m: EntityManager, followUps: readonly NewFollowUp[]): Promise<{ id: string; followUp: NewFollowUp }[]> {
  if (followUps.length === 0) return [];
  const withIds = followUps.map((followUp) => ({ id: newId(), followUp }));
  const column = <T>(pick: (f: NewFollowUp) => T): T[] => followUps.map(pick);
  const inserted = await m.query<{ id: string }[]>(
    `INSERT INTO follow_up (tenant_id, id, case_id, kind, title, assignee_id, due_at, priority, status, rule_key, created_at, updated_at)
     SELECT u.tenant_id, u.id, u.case_id, u.kind, u.title, u.assignee_id, u.due_at, u.priority, 'OPEN', u.rule_key, u.created_at, u.created_at
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::uuid[], $7::timestamptz[], $8::text[], $9::text[], $10::timestamptz[])
         AS u (tenant_id, id, case_id, kind, title, assignee_id, due_at, priority, rule_key, created_at)
     ON CONFLICT (tenant_id, rule_key) DO NOTHING RETURNING id`,
    [
      column((f) => f.tenantId), withIds.map((w) => w.id), column((f) => f.caseId), column((f) => f.kind), column((f) => f.title), column((f) => f.assigneeId),
      column((f) => f.dueAt), column((f) => f.priority), column((f) => f.ruleKey ?? null), column((f) => f.createdAt),
    ],
  );
  const createdIds = new Set(inserted.map((row) => row.id));
  const created = withIds.filter((w) => createdIds.has(w.id));
  for (const { id, followUp } of created) {
    await writeOutbox(m, {
      tenantId: followUp.tenantId,
      topic: FollowUpTopic.Scheduled,
      payload: { followUpId: id, caseId: followUp.caseId, dueAt: followUp.dueAt.toISOString(), ...(followUp.createdBy ? { createdBy: followUp.createdBy } : {}) },
    });
  }
  return created;
}

export async function followUpRescheduled(m: EntityManager, f: { tenantId: string; id: string; caseId: string }, previousDueAt: Date, dueAt: Date): Promise<void> {
  await writeOutbox(m, { tenantId: f.tenantId, topic: FollowUpTopic.Rescheduled, payload: { followUpId: f.id, caseId: f.caseId, previousDueAt: previousDueAt.toISOString(), dueAt: dueAt.toISOString() } });
}

export async function followUpClosed(m: EntityManager, f: { tenantId: string; id: string; caseId: string; dueAt: Date }): Promise<void> {
  await writeOutbox(m, { tenantId: f.tenantId, topic: FollowUpTopic.Closed, payload: { followUpId: f.id, caseId: f.caseId, dueAt: f.dueAt.toISOString() } });
}

/**
 * Completes a care rule's open follow-up, found by its rule key (e.g. `{sessionId}:rems` once the
 * REMS form is submitted), with its `followup.closed` event, in the caller's transaction. False
 * when none is open (never created, or already closed).
 */
export async function completeRuleFollowUp(m: EntityManager, f: { tenantId: string; ruleKey: string; note: string; closedAt: Date; closedBy: string | null }): Promise<boolean> {
  // A CTE, so that the driver answers rows (TypeORM answers [rows, count] for a bare UPDATE).
  const [closed] = await m.query<{ id: string; caseId: string; dueAt: Date }[]>(
    `WITH closed AS (
       UPDATE follow_up SET status = 'DONE', completion_note = $2, closed_at = $3, closed_by = $4, updated_at = $3 WHERE rule_key = $1 AND status = 'OPEN'
       RETURNING id, case_id AS "caseId", due_at AS "dueAt")
     SELECT * FROM closed`,
    [f.ruleKey, f.note, f.closedAt, f.closedBy],
  );
  if (!closed) return false;
  await followUpClosed(m, { tenantId: f.tenantId, ...closed });
  return true;
}
