import { ROUTES } from '@tandem/clinical';
import type { DoseUnit, Route } from '@tandem/clinical';
import { BadUserInputError, newId } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import { assertCan, readableView } from '@tandem/authz';
import { recordCaseEvent } from '@tandem/cases';
import type { Database, EntityManager } from '@tandem/db';
import { actingMember, visibleCase } from '../shared';
import { clinicSettings } from '../tenant-settings';
import { assertDoseGate } from './dose-gate';

export interface PlanInput {
  readonly route: Route;
  readonly plannedDosingSessions: number;
  readonly doseUnit: DoseUnit;
  readonly doseMin: number;
  readonly doseMax: number;
  readonly maxSessionsPerWindow?: number | null;
  readonly windowDays?: number | null;
  /** Needed when the planned range leaves the clinic's configured range for the route. */
  readonly rangeOverrideReason?: string | null;
}

export interface PlanView extends Required<Omit<PlanInput, 'rangeOverrideReason'>> {
  readonly id: string;
  readonly tenantId: string;
  readonly caseId: string;
  readonly rangeOverrideReason: string | null;
  readonly createdAt: Date;
  readonly careTeamMembershipIds: string[];
  readonly prescriberOfRecordIds: string[];
}

/** The treatment plan: authored by the case's prescriber of record; a new plan supersedes the old. */
export class PlanService {
  constructor(private readonly db: Database) {}

  async set(ctx: RequestContext, caseId: string, input: PlanInput): Promise<PlanView> {
    const plan = validPlan(input);
    return this.db.withTenant(ctx, async (m) => {
      const record = await visibleCase(m, ctx, caseId);
      const scope = { tenantId: record.tenantId, caseId, careTeamMembershipIds: record.careTeamMembershipIds, prescriberOfRecordIds: record.prescriberOfRecordIds };
      assertCan(ctx, 'create', 'TreatmentPlan', scope);
      await assertDoseGate(m, ctx, record.patientId, 'order');
      const range = (await clinicSettings(m)).doseRanges[plan.route];
      const outside = plan.doseUnit !== range.unit || plan.doseMin < range.min || plan.doseMax > range.max;
      const reason = input.rangeOverrideReason?.trim() || null;
      if (outside && !reason) {
        throw new BadUserInputError('doseMax', `The clinic's range for ${plan.route} is ${range.min}–${range.max} ${range.unit}; give a reason to plan outside it`);
      }
      const now = ctx.clock.now();
      await m.query(`UPDATE treatment_plan SET superseded_at = $2 WHERE case_id = $1 AND superseded_at IS NULL`, [caseId, now]);
      const view: PlanView = { id: newId(), ...scope, ...plan, rangeOverrideReason: outside ? reason : null, createdAt: now };
      await m.query(
        `INSERT INTO treatment_plan (tenant_id, id, case_id, route, planned_dosing_sessions, dose_unit, dose_min, dose_max, max_sessions_per_window, window_days, range_override_reason, authored_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [view.tenantId, view.id, caseId, view.route, view.plannedDosingSessions, view.doseUnit, view.doseMin, view.doseMax, view.maxSessionsPerWindow, view.windowDays, view.rangeOverrideReason, actingMember(ctx), now],
      );
      await recordCaseEvent(m, ctx, caseId, 'TREATMENT_PLAN_SET', { planId: view.id, route: view.route });
      return readableView(ctx, 'TreatmentPlan', view);
    });
  }
}

export async function currentPlan(m: EntityManager, caseId: string): Promise<Omit<PlanView, 'careTeamMembershipIds' | 'prescriberOfRecordIds'> | undefined> {
  const [row] = await m.query<Omit<PlanView, 'careTeamMembershipIds' | 'prescriberOfRecordIds'>[]>(
    `SELECT id, tenant_id AS "tenantId", case_id AS "caseId", route, planned_dosing_sessions AS "plannedDosingSessions", dose_unit AS "doseUnit",
            dose_min::float8 AS "doseMin", dose_max::float8 AS "doseMax", max_sessions_per_window AS "maxSessionsPerWindow", window_days AS "windowDays",
            range_override_reason AS "rangeOverrideReason", created_at AS "createdAt"
     FROM treatment_plan WHERE case_id = $1 AND superseded_at IS NULL`,
    [caseId],
  );
  return row;
}

function validPlan(input: PlanInput): Required<Omit<PlanInput, 'rangeOverrideReason'>> {
  if (!ROUTES.includes(input.route)) throw new BadUserInputError('route', 'Unknown route');
  if (!Number.isInteger(input.plannedDosingSessions) || input.plannedDosingSessions < 1 || input.plannedDosingSessions > 52) {
    throw new BadUserInputError('plannedDosingSessions', 'Between 1 and 52 dosing sessions');
  }
  if (!(input.doseMin > 0) || !(input.doseMax >= input.doseMin)) throw new BadUserInputError('doseMin', 'A dose range with 0 < min ≤ max');
  const maxSessionsPerWindow = input.maxSessionsPerWindow ?? 2;
  const windowDays = input.windowDays ?? 7;
  if (!Number.isInteger(maxSessionsPerWindow) || maxSessionsPerWindow < 1 || maxSessionsPerWindow > 14) throw new BadUserInputError('maxSessionsPerWindow', '1 to 14');
  if (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > 60) throw new BadUserInputError('windowDays', '1 to 60 days');
  return { route: input.route, plannedDosingSessions: input.plannedDosingSessions, doseUnit: input.doseUnit, doseMin: input.doseMin, doseMax: input.doseMax, maxSessionsPerWindow, windowDays };
}
