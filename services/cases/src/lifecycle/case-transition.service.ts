import { evaluateTransition } from '@tandem/clinical';
import type { CaseFacts, CaseRole, CaseStatus } from '@tandem/clinical';
import { ConflictError, ForbiddenError } from '@tandem/core';
import type { RequestContext , AppError} from '@tandem/core';
import { assertCan, readableView, visibleOrNotFound } from '@tandem/authz';
import type { Database, EntityManager } from '@tandem/db';
import { find } from '../cases/case.service';
import type { CaseView } from '../cases/case-record';
import { recordCaseEvent } from '../timeline/timeline';
import type { ClinicalFactsSource } from './case-facts';

/**
 * Moves a case through its lifecycle (packages/clinical's state machine). The policy decides
 * who may touch the case at all; the state machine decides which step, by whom, given what.
 */
export class CaseTransitionService {
  constructor(
    private readonly db: Database,
    private readonly clinicalFacts: ClinicalFactsSource,
  ) {}

  async transition(ctx: RequestContext, caseId: string, to: CaseStatus, reason?: string | null): Promise<CaseView> {
    return this.db.withTenant(ctx, async (m) => {
      const record = visibleOrNotFound(ctx, 'Case', await find(m, caseId, true));
      assertCan(ctx, 'transition', 'Case', record);
      const from = record.status as CaseStatus;
      const verdict = evaluateTransition(from, to, await actorOn(m, ctx, caseId), await this.facts(m, record, reason));
      if (!verdict.ok) throw refusal(verdict, from, to);
      await applyTransition(m, ctx, record, to, reason?.trim() || null);
      return readableView(ctx, 'Case', (await find(m, caseId)) ?? record);
    });
  }

  private async facts(m: EntityManager, record: CaseView, reason: string | null | undefined): Promise<CaseFacts> {
    const [team] = await m.query<{ prescriber: boolean; therapist: boolean }[]>(
      `SELECT bool_or(case_role = 'PRESCRIBER_OF_RECORD') AS prescriber, bool_or(case_role IN ('LEAD_THERAPIST', 'CO_THERAPIST')) AS therapist
       FROM care_team_member WHERE case_id = $1 AND removed_at IS NULL`,
      [record.id],
    );
    return {
      hasPrescriberOnTeam: team?.prescriber ?? false,
      hasTherapistOnTeam: team?.therapist ?? false,
      ...(await this.clinicalFacts.factsFor(m, record.id)),
      reason: reason ?? null,
      heldFrom: (record.heldFrom as CaseStatus | null) ?? null,
    };
  }
}

async function actorOn(m: EntityManager, ctx: RequestContext, caseId: string): Promise<{ caseRoles: CaseRole[]; isClinicAdmin: boolean }> {
  if (ctx.principal.kind !== 'user') return { caseRoles: [], isClinicAdmin: false };
  const rows = await m.query<{ case_role: CaseRole }[]>(`SELECT case_role FROM care_team_member WHERE case_id = $1 AND membership_id = $2 AND removed_at IS NULL`, [
    caseId,
    ctx.principal.membershipId,
  ]);
  return { caseRoles: rows.map((r) => r.case_role), isClinicAdmin: ctx.principal.roles.includes('ADMIN') };
}

async function applyTransition(m: EntityManager, ctx: RequestContext, record: CaseView, to: CaseStatus, reason: string | null): Promise<void> {
  const now = ctx.clock.now();
  const heldFrom = to === 'ON_HOLD' ? record.status : null;
  const closedAt = to === 'CLOSED' || to === 'WITHDRAWN' ? now : null;
  await m.query(
    `UPDATE clinical_case SET status = $2, held_from = $3, closed_at = COALESCE(closed_at, $4), status_reason = COALESCE($5, status_reason), updated_at = $6 WHERE id = $1`,
    [record.id, to, heldFrom, closedAt, reason, now],
  );
  await recordCaseEvent(m, ctx, record.id, 'STATUS_CHANGED', { from: record.status, to });
}

function refusal(verdict: Exclude<ReturnType<typeof evaluateTransition>, { ok: true }>, from: CaseStatus, to: CaseStatus): AppError {
  switch (verdict.reason) {
    case 'ILLEGAL_TRANSITION':
      return new ConflictError(`A case cannot go from ${from} to ${to}`, { reason: verdict.reason });
    case 'REQUIREMENTS_UNMET':
      return new ConflictError(`Not yet: ${verdict.unmet.join(', ')}`, { reason: verdict.reason, unmet: verdict.unmet });
    case 'NOT_PERMITTED':
      return new ForbiddenError(`Only ${[...(verdict.allowedRoles ?? []), ...(verdict.clinicAdminAllowed ? ['a clinic admin'] : [])].join(', ')} may move this case to ${to}`, {
        reason: verdict.reason,
        allowedRoles: [...(verdict.allowedRoles ?? [])],
      });
  }
}
