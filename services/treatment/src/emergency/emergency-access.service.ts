import { BadUserInputError, ConflictError, NotFoundError, isUuid, newId } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import { assertCan, readableView } from '@tandem/authz';
import { findCase, recordCaseEvent } from '@tandem/cases';
import type { Database, EntityManager } from '@tandem/db';
import { writeOutbox } from '@tandem/jobs';
import { actingMember } from '../shared';
import { clinicSettings } from '../tenant-settings';
import { findGrants } from './emergency-record';
import type { EmergencyAccessView } from './emergency-record';

const REASON_MIN = 20;
const REASON_MAX = 2000;

/**
 * Break the glass (docs/emergency-access.md): a clinician of the clinic who is not on a case's
 * care team gets read access to it at once, for the clinic's `emergencyAccess.durationMinutes`,
 * with a written reason; the team and the admins hear of it, and it waits for an admin's review.
 */
export class EmergencyAccessService {
  constructor(private readonly db: Database) {}

  async request(ctx: RequestContext, caseId: string, reason: string): Promise<EmergencyAccessView> {
    const why = reason.trim();
    if (why.length < REASON_MIN || why.length > REASON_MAX) throw new BadUserInputError('reason', `Say why, in ${REASON_MIN} to ${REASON_MAX} characters`);
    const me = actingMember(ctx);
    return this.db.withTenant(ctx, async (m) => {
      // The requester cannot see the case yet: only its existence in this clinic is checked (RLS hides other clinics').
      const record = isUuid(caseId) ? await findCase(m, caseId, true) : undefined;
      if (!record) throw new NotFoundError('Case');
      if (record.careTeamMembershipIds.includes(me)) throw new ConflictError('You are on this case’s care team already', { field: 'caseId' });
      assertCan(ctx, 'create', 'EmergencyAccess', { tenantId: record.tenantId, caseId });
      const now = ctx.clock.now();
      // A second request while one is active returns that one: the window never silently grows.
      const [active] = await findGrants(m, now, `e.case_id = $1 AND e.membership_id = $2 AND e.expires_at > $3 ORDER BY e.expires_at DESC LIMIT 1`, [caseId, me, now]);
      if (active) return readableView(ctx, 'EmergencyAccess', active);
      const id = await grant(m, ctx, { caseId, me, reason: why, now });
      const [created] = await findGrants(m, now, 'e.id = $1', [id]);
      if (!created) throw new NotFoundError('EmergencyAccess');
      return readableView(ctx, 'EmergencyAccess', created);
    });
  }
}

async function grant(m: EntityManager, ctx: RequestContext, g: { caseId: string; me: string; reason: string; now: Date }): Promise<string> {
  const { emergencyAccess } = await clinicSettings(m);
  const id = newId();
  const expiresAt = new Date(g.now.getTime() + emergencyAccess.durationMinutes * 60_000);
  await m.query(`INSERT INTO emergency_access (tenant_id, id, case_id, membership_id, reason, granted_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
    ctx.tenantId,
    id,
    g.caseId,
    g.me,
    g.reason,
    g.now,
    expiresAt,
  ]);
  await recordCaseEvent(m, ctx, g.caseId, 'EMERGENCY_ACCESS_GRANTED', { emergencyAccessId: id });
  // Ids only: the reason is PHI-adjacent narrative and never leaves the database.
  await writeOutbox(m, { tenantId: ctx.tenantId ?? '', topic: 'emergency.access_granted', payload: { emergencyAccessId: id, caseId: g.caseId, membershipId: g.me } });
  return id;
}
