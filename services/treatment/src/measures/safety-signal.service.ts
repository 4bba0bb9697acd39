import { BadUserInputError, ConflictError, NotFoundError, isUuid } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import { assertCan, canSee, readableView, visibleOrNotFound } from '@tandem/authz';
import { findCase, recordCaseEvent } from '@tandem/cases';
import type { Database } from '@tandem/db';
import { actingMember, onCase, visibleCase } from '../shared';
import { SAFETY_SIGNAL_AUDIT_FIELDS, audited } from '../audit-reads';

export interface SafetySignalView {
  readonly id: string;
  readonly tenantId: string;
  readonly caseId: string;
  readonly measureId: string;
  readonly reasons: string[];
  readonly openedAt: Date;
  readonly acknowledgedAt: Date | null;
  readonly acknowledgedBy: string | null;
  readonly actionTaken: string | null;
  readonly careTeamMembershipIds: string[];
}

const SELECT = `SELECT id, tenant_id AS "tenantId", case_id AS "caseId", measure_response_id AS "measureId", reasons, opened_at AS "openedAt",
  acknowledged_at AS "acknowledgedAt", acknowledged_by AS "acknowledgedBy", action_taken AS "actionTaken" FROM safety_signal`;

/** Safety signals stay open until a clinician on the team says what was done about them. */
export class SafetySignalService {
  constructor(private readonly db: Database) {}

  async forCase(ctx: RequestContext, caseId: string, openOnly: boolean): Promise<SafetySignalView[]> {
    return this.db.withTenant(ctx, async (m) => {
      const record = await visibleCase(m, ctx, caseId);
      const rows = await m.query<Omit<SafetySignalView, 'careTeamMembershipIds'>[]>(
        `${SELECT} WHERE case_id = $1 AND ($2 = false OR acknowledged_at IS NULL) ORDER BY opened_at DESC, id DESC LIMIT 100`,
        [caseId, openOnly],
      );
      const views = rows
        .map((row) => ({ ...row, careTeamMembershipIds: record.careTeamMembershipIds }))
        .filter((row) => canSee(ctx, 'SafetySignal', row))
        .map((row) => readableView(ctx, 'SafetySignal', row));
      return audited(m, ctx, 'SafetySignal', SAFETY_SIGNAL_AUDIT_FIELDS, views);
    });
  }

  async acknowledge(ctx: RequestContext, id: string, actionTaken: string): Promise<SafetySignalView> {
    const action = actionTaken.trim();
    if (action.length < 1 || action.length > 4000) throw new BadUserInputError('actionTaken', 'Say what was done (1 to 4000 characters)');
    return this.db.withTenant(ctx, async (m) => {
      const [row] = isUuid(id) ? await m.query<Omit<SafetySignalView, 'careTeamMembershipIds'>[]>(`${SELECT} WHERE id = $1 FOR UPDATE`, [id]) : [];
      const record = row ? await findCase(m, row.caseId) : undefined;
      if (!row || !record) throw new NotFoundError('SafetySignal');
      const signal = visibleOrNotFound(ctx, 'SafetySignal', { ...row, ...onCase(record), id: row.id });
      assertCan(ctx, 'update', 'SafetySignal', signal);
      if (signal.acknowledgedAt) throw new ConflictError('The safety signal was already acknowledged');
      const now = ctx.clock.now();
      await m.query(`UPDATE safety_signal SET acknowledged_at = $2, acknowledged_by = $3, action_taken = $4 WHERE id = $1`, [id, now, actingMember(ctx), action]);
      await recordCaseEvent(m, ctx, signal.caseId, 'SAFETY_SIGNAL_ACKNOWLEDGED', { safetySignalId: id });
      return readableView(ctx, 'SafetySignal', { ...signal, acknowledgedAt: now, acknowledgedBy: actingMember(ctx), actionTaken: action });
    });
  }
}
