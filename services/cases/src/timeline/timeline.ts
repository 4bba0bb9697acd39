import { newId } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import type { EntityManager } from '@tandem/db';

/** What happened on a case. Details hold codes and ids only, never narrative. */
export type CaseEventKind =
  | 'CASE_OPENED'
  | 'STATUS_CHANGED'
  | 'TEAM_MEMBER_ADDED'
  | 'TEAM_MEMBER_REMOVED'
  | 'SCREENING_RECORDED'
  | 'CLEARANCE_GRANTED'
  | 'CONSENT_SIGNED'
  | 'CONSENT_REVOKED'
  | 'MEASURE_RECORDED'
  | 'SAFETY_SIGNAL_OPENED'
  | 'SAFETY_SIGNAL_ACKNOWLEDGED'
  | 'TREATMENT_PLAN_SET'
  | 'SESSION_SCHEDULED'
  | 'SESSION_RESCHEDULED'
  | 'SESSION_CANCELLED'
  | 'DOSE_RECORDED'
  | 'VITALS_ESCALATION'
  | 'SESSION_COMPLETED'
  | 'NOTE_SIGNED'
  | 'EMERGENCY_ACCESS_GRANTED';

export interface CaseEventView {
  readonly id: string;
  readonly caseId: string;
  readonly kind: CaseEventKind;
  readonly actorMembershipId: string | null;
  readonly occurredAt: Date;
  readonly detail: Record<string, string | null>;
}

/** Appends to the timeline inside the caller's transaction (with the change it records). */
export async function recordCaseEvent(m: EntityManager, ctx: RequestContext, caseId: string, kind: CaseEventKind, detail: Record<string, string | null> = {}): Promise<void> {
  const actor = ctx.principal.kind === 'user' ? ctx.principal.membershipId : null;
  await m.query(`INSERT INTO case_event (tenant_id, id, case_id, kind, actor_membership_id, occurred_at, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
    ctx.tenantId,
    newId(),
    caseId,
    kind,
    actor,
    ctx.clock.now(),
    detail,
  ]);
}

export async function caseEvents(m: EntityManager, caseId: string, afterId: string | null, limit: number): Promise<CaseEventView[]> {
  return m.query<CaseEventView[]>(
    `SELECT id, case_id AS "caseId", kind, actor_membership_id AS "actorMembershipId", occurred_at AS "occurredAt", detail
     FROM case_event WHERE case_id = $1 AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3`,
    [caseId, afterId, limit],
  );
}
