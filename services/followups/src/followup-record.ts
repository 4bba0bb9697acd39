import type { ColumnMap } from '@tandem/authz';
import { caseCareTeamSql } from '@tandem/cases';
import type { EntityManager } from '@tandem/db';

export const FOLLOW_UP_KINDS = ['INTEGRATION_SESSION', 'POST_DOSE_CHECK_IN', 'MEASURE_DUE', 'CONSENT_RENEWAL', 'REMS_FORM_DUE', 'CUSTOM'] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];
export const PRIORITIES = ['LOW', 'NORMAL', 'HIGH', 'URGENT'] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface FollowUpView {
  readonly id: string;
  readonly tenantId: string;
  readonly caseId: string;
  readonly kind: FollowUpKind;
  readonly title: string;
  readonly assigneeId: string;
  readonly dueAt: Date;
  readonly priority: Priority;
  readonly status: 'OPEN' | 'DONE' | 'CANCELLED';
  /** Derived: open and past due. */
  readonly overdue: boolean;
  readonly completionNote: string | null;
  readonly closedAt: Date | null;
  /** Set by every statement that changes the follow-up: what partners sync by. */
  readonly updatedAt: Date;
  readonly careTeamMembershipIds: string[];
}

const CARE_TEAM = caseCareTeamSql('f');

export const FOLLOW_UP_COLUMNS: ColumnMap = {
  id: { column: 'f.id', type: 'uuid' },
  tenantId: { column: 'f.tenant_id', type: 'uuid' },
  caseId: { column: 'f.case_id', type: 'uuid' },
  careTeamMembershipIds: { column: `(${CARE_TEAM})`, type: 'uuid', array: true },
};

/** $1 is "now" in every query that selects these fields (overdue is derived from it). */
export const FOLLOW_UP_FIELDS = `f.id, f.tenant_id AS "tenantId", f.case_id AS "caseId", f.kind, f.title, f.assignee_id AS "assigneeId", f.due_at AS "dueAt",
  f.priority, f.status, (f.status = 'OPEN' AND f.due_at < $1) AS overdue, f.completion_note AS "completionNote", f.closed_at AS "closedAt",
  f.updated_at AS "updatedAt", ${CARE_TEAM} AS "careTeamMembershipIds"`;

export async function findFollowUp(m: EntityManager, id: string, now: Date): Promise<FollowUpView | undefined> {
  const [row] = await m.query<FollowUpView[]>(`SELECT ${FOLLOW_UP_FIELDS} FROM follow_up f WHERE f.id = $2 FOR UPDATE OF f`, [now, id]);
  return row;
}
