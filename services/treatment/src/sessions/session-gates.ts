import { missingFor } from '@tandem/credentials';
import type { EntityManager } from '@tandem/db';
import { clinicSettings } from '../tenant-settings';
import type { FacilitatorRequirements } from './session.service';

/** The case roles whose holders facilitate the session, and the one who monitors it. */
const FACILITATING = ['LEAD_THERAPIST', 'CO_THERAPIST'];

/**
 * Scope of practice on a dosing session (docs/credentials.md), where the clinic enforces
 * credential gates: each participant who is the case's lead or co-therapist meets the clinic's
 * facilitator requirement, and each who is its monitoring nurse holds a verified licence and BLS,
 * all on the session's day (so a credential expiring before the session already blocks it).
 * Missing requirements are named per part, e.g. FACILITATOR:TRAINING_INTEGRATION. A trainee
 * (part of the training) is refused like anyone else: supervision is not built yet.
 */
export const CREDENTIAL_SESSION_GATES: FacilitatorRequirements = {
  async missing(m: EntityManager, caseId: string, membershipIds: readonly string[], at: Date): Promise<string[]> {
    if (!(await clinicSettings(m)).credentials.enforceGates) return [];
    const roles = await m.query<{ membershipId: string; caseRole: string }[]>(
      `SELECT membership_id AS "membershipId", case_role AS "caseRole" FROM care_team_member
       WHERE case_id = $1 AND removed_at IS NULL AND membership_id = ANY($2::uuid[]) AND case_role = ANY($3::text[])`,
      [caseId, membershipIds, [...FACILITATING, 'MONITORING_NURSE']],
    );
    const missing = new Set<string>();
    for (const { membershipId, caseRole } of roles) {
      const part = caseRole === 'MONITORING_NURSE' ? 'MONITORING_NURSE' : 'FACILITATOR';
      for (const requirement of await missingFor(m, at, membershipId, part)) missing.add(`${part}:${requirement}`);
    }
    return [...missing];
  },
};
