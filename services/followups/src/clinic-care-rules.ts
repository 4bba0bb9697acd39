import { effectiveSettings } from '@tandem/accounts';
import type { TenantSettings } from '@tandem/accounts';
import type { EntityManager } from '@tandem/db';

/** The current clinic's settings, of which the care rules read `careRules` and `reminders`. */
export async function clinicSettings(m: EntityManager): Promise<TenantSettings> {
  const [tenant] = await m.query<{ settings: unknown }[]>(`SELECT settings FROM tenant WHERE id = app.current_tenant()`);
  return effectiveSettings(tenant?.settings ?? {});
}

/**
 * SQL for a case's assignee: the first active care-team member holding one of the roles in the
 * text[] parameter `rolesParam`, in that order of preference, earliest added first.
 */
export function assigneeSql(caseColumn: string, rolesParam: string): string {
  return `(SELECT t.membership_id FROM care_team_member t WHERE t.case_id = ${caseColumn} AND t.removed_at IS NULL AND t.case_role = ANY(${rolesParam}::text[])
           ORDER BY array_position(${rolesParam}::text[], t.case_role), t.added_at LIMIT 1)`;
}
