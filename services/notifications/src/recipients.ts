import type { EntityManager } from '@tandem/db';

export const PRESCRIBERS = ['PRESCRIBER_OF_RECORD'] as const;
export const THERAPISTS = ['LEAD_THERAPIST', 'CO_THERAPIST'] as const;
export const NURSES = ['MONITORING_NURSE'] as const;

/** The members holding any of these roles on a case's current care team. */
export async function careTeamWith(m: EntityManager, caseId: string, roles: readonly string[]): Promise<string[]> {
  const rows = await m.query<{ membership_id: string }[]>(
    `SELECT DISTINCT membership_id FROM care_team_member WHERE case_id = $1 AND removed_at IS NULL AND case_role = ANY($2)`,
    [caseId, roles],
  );
  return rows.map((row) => row.membership_id);
}

/** Everyone on a case's current care team, whatever their role on it. */
export async function wholeCareTeam(m: EntityManager, caseId: string): Promise<string[]> {
  const rows = await m.query<{ membership_id: string }[]>(`SELECT DISTINCT membership_id FROM care_team_member WHERE case_id = $1 AND removed_at IS NULL`, [caseId]);
  return rows.map((row) => row.membership_id);
}

/** The clinic's active admins. */
export async function clinicAdmins(m: EntityManager): Promise<string[]> {
  const rows = await m.query<{ id: string }[]>(`SELECT id FROM membership WHERE status = 'ACTIVE' AND 'ADMIN' = ANY(roles)`);
  return rows.map((row) => row.id);
}
