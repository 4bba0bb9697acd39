import { conditionsRead } from '@tandem/authz';
import type { ColumnMap, SubjectType } from '@tandem/authz';
import type { RequestContext } from '@tandem/core';
import type { EntityManager } from '@tandem/db';

export const INDICATIONS = ['MDD', 'TRD', 'PTSD', 'GAD', 'OTHER'] as const;
export type Indication = (typeof INDICATIONS)[number];

export interface CaseView {
  readonly id: string;
  readonly tenantId: string;
  readonly patientId: string;
  readonly indication: Indication;
  readonly indicationOther: string | null;
  readonly referralSource: string | null;
  readonly status: string;
  readonly heldFrom: string | null;
  readonly statusReason: string | null;
  readonly openedAt: Date;
  readonly closedAt: Date | null;
  /** Active care team members and prescribers of record (what the policy reads). */
  readonly careTeamMembershipIds: string[];
  readonly prescriberOfRecordIds: string[];
}

const ACTIVE_TEAM = (roleFilter: string) => `COALESCE((SELECT array_agg(DISTINCT t.membership_id) FROM care_team_member t
  WHERE t.tenant_id = c.tenant_id AND t.case_id = c.id AND t.removed_at IS NULL ${roleFilter}), '{}')`;

/** The policy's condition fields for Case, as SQL (rules-to-sql refuses any other). */
export const CASE_COLUMNS: ColumnMap = {
  id: { column: 'c.id', type: 'uuid' },
  tenantId: { column: 'c.tenant_id', type: 'uuid' },
  careTeamMembershipIds: { column: `(${ACTIVE_TEAM('')})`, type: 'uuid', array: true },
  prescriberOfRecordIds: { column: `(${ACTIVE_TEAM(`AND t.case_role = 'PRESCRIBER_OF_RECORD'`)})`, type: 'uuid', array: true },
};

const selectCase = (teams: string) => `
  SELECT c.id, c.tenant_id AS "tenantId", c.patient_id AS "patientId", c.indication, c.indication_other AS "indicationOther",
    c.referral_source AS "referralSource", c.status, c.held_from AS "heldFrom", c.status_reason AS "statusReason", c.opened_at AS "openedAt", c.closed_at AS "closedAt",
    ${teams}
  FROM clinical_case c`;
const SELECT_CASE = selectCase(`${ACTIVE_TEAM('')} AS "careTeamMembershipIds", ${ACTIVE_TEAM(`AND t.case_role = 'PRESCRIBER_OF_RECORD'`)} AS "prescriberOfRecordIds"`);
const SELECT_CASE_WITHOUT_TEAMS = selectCase(`'{}'::uuid[] AS "careTeamMembershipIds", '{}'::uuid[] AS "prescriberOfRecordIds"`);
export const CASE_POLICY_FIELDS = ['careTeamMembershipIds', 'prescriberOfRecordIds'] as const;

/**
 * Cases matching `where`. `teams: false` leaves their care teams empty: only for views that no
 * business rule reads (a list's page) and an actor none of whose rules, on any subject, reads them
 * (`conditionsReadAnywhere`: a case's team is also the scope of its notes' and sessions' checks).
 */
export async function findCases(m: EntityManager, where: string, params: unknown[], teams = true): Promise<CaseView[]> {
  return m.query<CaseView[]>(`${teams ? SELECT_CASE : SELECT_CASE_WITHOUT_TEAMS} WHERE ${where}`, params);
}

/**
 * SQL for the active care team (membership ids) of the case a row belongs to, for records that
 * carry `tenant_id` and `case_id` (notes, follow-ups): what the "on the care team" condition reads.
 */
export function caseCareTeamSql(alias: string): string {
  return careTeamOf(`${alias}.tenant_id`, `${alias}.case_id`);
}

/**
 * `caseCareTeamSql` where one of the actor's rules on `type` reads the care team, else an empty
 * list: a partner key's or an admin's rules never do, and a page of 100 rows then costs
 * PostgreSQL 100 care-team lookups less (`conditionsRead`). Only for rows whose care team nothing
 * but the policy reads.
 */
export function policyCareTeamSql(ctx: RequestContext, type: SubjectType, alias: string): string {
  return conditionsRead(ctx, type, CARE_TEAM_FIELD) ? caseCareTeamSql(alias) : `'{}'::uuid[]`;
}

const CARE_TEAM_FIELD = ['careTeamMembershipIds'] as const;

/**
 * The same for a statement whose rows all belong to one case, given as SQL (a parameter): it
 * refers to no row, so PostgreSQL computes it once per statement instead of once per row (a
 * case's page of notes read the team once per note).
 */
export function oneCaseCareTeamSql(caseId: string): string {
  return careTeamOf('app.current_tenant()', caseId);
}

function careTeamOf(tenantId: string, caseId: string): string {
  return `COALESCE((SELECT array_agg(t.membership_id) FROM care_team_member t
  WHERE t.tenant_id = ${tenantId} AND t.case_id = ${caseId} AND t.removed_at IS NULL), '{}')`;
}
