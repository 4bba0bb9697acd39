import { missingFor, readinessFor } from '@tandem/credentials';
import type { EntityManager } from '@tandem/db';
import type { FacilitatorRequirements, SessionStaffing, StaffingVerdict } from './session.service';

/** The case roles whose holders facilitate the session. */
const FACILITATING = ['LEAD_THERAPIST', 'CO_THERAPIST'];

/**
 * Scope of practice on a dosing session (docs/credentials.md), always enforced, on the session's
 * day (so a credential expiring before the session already blocks it):
 * - at least one participant is the case's lead or co-therapist (FACILITATOR:ON_SESSION);
 * - each such facilitator meets the clinic's facilitator requirement, or is a trainee (part of
 *   the training) facilitating under the session's named supervisor (FACILITATOR:SUPERVISOR_ON_SESSION);
 * - the supervisor meets the whole facilitator requirement (SUPERVISOR:<requirement>);
 * - each participant who is the case's monitoring nurse holds a verified licence and BLS.
 * Missing requirements are named per part, e.g. FACILITATOR:TRAINING_INTEGRATION.
 */
export const CREDENTIAL_SESSION_GATES: FacilitatorRequirements = {
  async check(m: EntityManager, caseId: string, staffing: SessionStaffing, at: Date): Promise<StaffingVerdict> {
    const roles = await m.query<{ membershipId: string; caseRole: string }[]>(
      `SELECT membership_id AS "membershipId", case_role AS "caseRole" FROM care_team_member
       WHERE case_id = $1 AND removed_at IS NULL AND membership_id = ANY($2::uuid[]) AND case_role = ANY($3::text[])`,
      [caseId, staffing.participantIds, [...FACILITATING, 'MONITORING_NURSE']],
    );
    const missing = new Set<string>();
    const trainees: string[] = [];
    const facilitators = [...new Set(roles.filter((r) => FACILITATING.includes(r.caseRole)).map((r) => r.membershipId))];
    if (facilitators.length === 0) missing.add('FACILITATOR:ON_SESSION');
    if (staffing.supervisorId !== null) {
      for (const requirement of await missingFor(m, at, staffing.supervisorId, 'FACILITATOR')) missing.add(`SUPERVISOR:${requirement}`);
    }
    for (const membershipId of facilitators.filter((id) => id !== staffing.supervisorId)) {
      const readiness = await readinessFor(m, at, membershipId, 'FACILITATOR');
      if (readiness.status === 'TRAINEE' && staffing.supervisorId !== null) trainees.push(membershipId);
      else if (readiness.status === 'TRAINEE') missing.add('FACILITATOR:SUPERVISOR_ON_SESSION');
      else for (const requirement of readiness.missing) missing.add(`FACILITATOR:${requirement}`);
    }
    for (const { membershipId } of roles.filter((r) => r.caseRole === 'MONITORING_NURSE')) {
      for (const requirement of await missingFor(m, at, membershipId, 'MONITORING_NURSE')) missing.add(`MONITORING_NURSE:${requirement}`);
    }
    return { unmet: [...missing], traineeIds: trainees };
  },
};
