import { keyFilter } from '@tandem/db';
import type { EntityManager } from '@tandem/db';

export const CASE_ROLES = ['PRESCRIBER_OF_RECORD', 'LEAD_THERAPIST', 'CO_THERAPIST', 'MONITORING_NURSE', 'COORDINATOR'] as const;
export type CaseRole = (typeof CASE_ROLES)[number];

export interface CareTeamMemberView {
  readonly id: string;
  readonly caseId: string;
  readonly membershipId: string;
  readonly caseRole: CaseRole;
  readonly displayName: string;
  readonly addedAt: Date;
}

/** Active care-team members of several cases in one statement (the DataLoader's batch). */
export async function activeTeams(m: EntityManager, caseIds: readonly string[]): Promise<Map<string, CareTeamMemberView[]>> {
  const cases = keyFilter('t.case_id', caseIds);
  const rows = await m.query<CareTeamMemberView[]>(
    `SELECT t.id, t.case_id AS "caseId", t.membership_id AS "membershipId", t.case_role AS "caseRole", u.display_name AS "displayName", t.added_at AS "addedAt"
     FROM care_team_member t
     JOIN membership ms ON ms.tenant_id = t.tenant_id AND ms.id = t.membership_id
     JOIN app_user u ON u.id = ms.user_id
     WHERE ${cases.sql} AND t.removed_at IS NULL
     ORDER BY t.id`,
    cases.values,
  );
  const teams = new Map<string, CareTeamMemberView[]>(caseIds.map((id) => [id, []]));
  for (const row of rows) teams.get(row.caseId)?.push(row);
  return teams;
}
