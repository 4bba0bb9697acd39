import { canClear } from '@tandem/clinical';
import type { ScreeningResult } from '@tandem/clinical';
import { BadUserInputError, ConflictError, newId } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import { assertCan, readableView } from '@tandem/authz';
import { recordCaseEvent } from '@tandem/cases';
import type { Database } from '@tandem/db';
import { latestScreening } from '../screening/screening.service';
import { actingMember, onCase, visibleCase } from '../shared';

export interface Override {
  readonly code: string;
  readonly reason: string;
}

export interface ClearanceView {
  readonly id: string;
  readonly tenantId: string;
  readonly caseId: string;
  readonly screeningId: string;
  readonly grantedAt: Date;
  readonly grantedBy: string;
  readonly overrides: Override[];
  readonly careTeamMembershipIds: string[];
}

/**
 * Medical clearance: by a prescriber on the case's team, on the latest screening. A relative
 * contraindication needs a written override; an absolute one can never be overridden.
 */
export class ClearanceService {
  constructor(private readonly db: Database) {}

  async grant(ctx: RequestContext, caseId: string, overrides: readonly Override[]): Promise<ClearanceView> {
    return this.db.withTenant(ctx, async (m) => {
      const record = await visibleCase(m, ctx, caseId);
      assertCan(ctx, 'create', 'Clearance', onCase(record));
      const screening = await latestScreening(m, caseId);
      if (!screening) throw new ConflictError('Clearance needs a screening first', { unmet: ['SCREENING_COMPLETED'] });
      const result: ScreeningResult = { outcome: screening.outcome as ScreeningResult['outcome'], presentAbsolute: screening.present_absolute, presentRelative: screening.present_relative };
      const stray = overrides.find((o) => !result.presentRelative.includes(o.code));
      if (stray) throw new BadUserInputError('overrides', `${stray.code.slice(0, 60)} is not a relative contraindication present in the latest screening`);
      const verdict = canClear(result, overrides);
      if (!verdict.ok) {
        const why = verdict.absolute.length > 0 ? `Absolute contraindications cannot be overridden: ${verdict.absolute.join(', ')}` : `Write a reason to override: ${verdict.missingOverrides.join(', ')}`;
        throw new ConflictError(why, { absolute: verdict.absolute, missingOverrides: verdict.missingOverrides });
      }
      const view: ClearanceView = {
        id: newId(),
        ...onCase(record),
        screeningId: screening.id,
        grantedAt: ctx.clock.now(),
        grantedBy: actingMember(ctx),
        overrides: overrides.map((o) => ({ code: o.code, reason: o.reason.trim() })),
      };
      await m.query(`INSERT INTO medical_clearance (tenant_id, id, case_id, screening_id, granted_by, granted_at, overrides) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        view.tenantId,
        view.id,
        caseId,
        view.screeningId,
        view.grantedBy,
        view.grantedAt,
        JSON.stringify(view.overrides),
      ]);
      await recordCaseEvent(m, ctx, caseId, 'CLEARANCE_GRANTED', { clearanceId: view.id, screeningId: view.screeningId });
      return readableView(ctx, 'Clearance', view);
    });
  }
}
