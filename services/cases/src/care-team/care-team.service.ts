import { BadUserInputError, ConflictError, NotFoundError, isUuid, newId } from '@tandem/core';
import type { ClinicRole, RequestContext } from '@tandem/core';
import { assertCan, visibleOrNotFound } from '@tandem/authz';
import type { Database, EntityManager } from '@tandem/db';
import { find } from '../cases/case.service';
import type { CaseView } from '../cases/case-record';
import { recordCaseEvent } from '../timeline/timeline';
import { CASE_ROLES, activeTeams } from './care-team-record';
import type { CareTeamMemberView, CaseRole } from './care-team-record';

/** Which clinic roles may fill a case role. */
const FITS: Readonly<Record<CaseRole, readonly ClinicRole[]>> = {
  PRESCRIBER_OF_RECORD: ['PRESCRIBER'],
  LEAD_THERAPIST: ['THERAPIST'],
  CO_THERAPIST: ['THERAPIST'],
  MONITORING_NURSE: ['NURSE', 'PRESCRIBER'],
  COORDINATOR: ['STAFF', 'NURSE', 'THERAPIST', 'PRESCRIBER', 'ADMIN'],
};

// While a case is dosing, its team must keep a prescriber and a therapist (the dosing gates).
const KEEP_DURING_DOSING: Readonly<Partial<Record<CaseRole, readonly CaseRole[]>>> = {
  PRESCRIBER_OF_RECORD: ['PRESCRIBER_OF_RECORD'],
  LEAD_THERAPIST: ['LEAD_THERAPIST', 'CO_THERAPIST'],
  CO_THERAPIST: ['LEAD_THERAPIST', 'CO_THERAPIST'],
};

/** Care-team changes by admins or the case's prescriber of record; every change is kept. */
export class CareTeamService {
  constructor(private readonly db: Database) {}

  async add(ctx: RequestContext, caseId: string, membershipId: string, caseRole: CaseRole): Promise<CareTeamMemberView> {
    if (!CASE_ROLES.includes(caseRole)) throw new BadUserInputError('caseRole', 'Unknown case role');
    return this.db.withTenant(ctx, async (m) => {
      const record = await assignable(m, ctx, caseId);
      const member = isUuid(membershipId)
        ? (await m.query<{ roles: ClinicRole[]; outside_collaborator: boolean }[]>(`SELECT roles, outside_collaborator FROM membership WHERE id = $1 AND status = 'ACTIVE'`, [membershipId]))[0]
        : undefined;
      if (!member) throw new NotFoundError('Membership');
      if (!member.roles.some((role) => FITS[caseRole].includes(role))) {
        throw new BadUserInputError('caseRole', `${caseRole} must be filled by a member with one of: ${FITS[caseRole].join(', ')}`);
      }
      const [already] = await m.query<unknown[]>(`SELECT 1 FROM care_team_member WHERE case_id = $1 AND membership_id = $2 AND case_role = $3 AND removed_at IS NULL`, [caseId, membershipId, caseRole]);
      if (already) throw new ConflictError('That member already has this role on the case');
      const id = newId();
      await m.query(`INSERT INTO care_team_member (tenant_id, id, case_id, membership_id, case_role, added_at, added_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        ctx.tenantId,
        id,
        record.id,
        membershipId,
        caseRole,
        ctx.clock.now(),
        actingMembership(ctx),
      ]);
      await recordCaseEvent(m, ctx, record.id, 'TEAM_MEMBER_ADDED', { membershipId, caseRole });
      return (await activeTeams(m, [record.id])).get(record.id)?.find((t) => t.id === id) as CareTeamMemberView;
    });
  }

  async remove(ctx: RequestContext, careTeamMemberId: string): Promise<CaseView> {
    return this.db.withTenant(ctx, async (m) => {
      const [row] = isUuid(careTeamMemberId)
        ? await m.query<{ case_id: string; case_role: CaseRole; membership_id: string }[]>(`SELECT case_id, case_role, membership_id FROM care_team_member WHERE id = $1 AND removed_at IS NULL`, [careTeamMemberId])
        : [];
      if (!row) throw new NotFoundError('CareTeamMember');
      const record = await assignable(m, ctx, row.case_id);
      await assertDosingTeamKept(m, record, row.case_role, careTeamMemberId);
      await m.query(`UPDATE care_team_member SET removed_at = $2, removed_by = $3 WHERE id = $1`, [careTeamMemberId, ctx.clock.now(), actingMembership(ctx)]);
      await recordCaseEvent(m, ctx, record.id, 'TEAM_MEMBER_REMOVED', { membershipId: row.membership_id, caseRole: row.case_role });
      const updated = await find(m, record.id);
      return updated ?? record;
    });
  }
}

/** The case, locked, if the actor may see it (else NOT_FOUND) and change its team (else FORBIDDEN). */
async function assignable(m: EntityManager, ctx: RequestContext, caseId: string): Promise<CaseView> {
  const record = visibleOrNotFound(ctx, 'Case', await find(m, caseId, true));
  assertCan(ctx, 'assign', 'Case', record);
  return record;
}

async function assertDosingTeamKept(m: EntityManager, record: CaseView, leaving: CaseRole, leavingId: string): Promise<void> {
  const keep = KEEP_DURING_DOSING[leaving];
  if (record.status !== 'DOSING' || !keep) return;
  const [others] = await m.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM care_team_member WHERE case_id = $1 AND removed_at IS NULL AND id <> $2 AND case_role = ANY($3)`,
    [record.id, leavingId, keep],
  );
  if ((others?.n ?? 0) === 0) {
    throw new ConflictError(`A case in dosing must keep a ${leaving === 'PRESCRIBER_OF_RECORD' ? 'prescriber' : 'therapist'} on its team`, { unmet: [leaving === 'PRESCRIBER_OF_RECORD' ? 'PRESCRIBER_ON_TEAM' : 'THERAPIST_ON_TEAM'] });
  }
}

function actingMembership(ctx: RequestContext): string | null {
  return ctx.principal.kind === 'user' ? ctx.principal.membershipId : null;
}
