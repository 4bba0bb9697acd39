import { DEFAULT_CONTRAINDICATIONS, IncompleteScreeningError, InvalidVitalsError, evaluateScreening, hypertensionFromVitals } from '@tandem/clinical';
import { BadUserInputError, ConflictError, newId } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import { assertCan, canSee, readableView } from '@tandem/authz';
import { recordCaseEvent } from '@tandem/cases';
import type { Database, EntityManager } from '@tandem/db';
import { actingMember, onCase, visibleCase } from '../shared';

export interface ScreeningInput {
  readonly answers: readonly { code: string; present: boolean }[];
  readonly baselineVitals: { systolic: number; diastolic: number; heartRate?: number | null; spo2?: number | null };
}

export interface ScreeningView {
  readonly id: string;
  readonly tenantId: string;
  readonly caseId: string;
  readonly performedAt: Date;
  readonly outcome: 'ELIGIBLE' | 'NEEDS_REVIEW' | 'INELIGIBLE';
  readonly presentAbsolute: string[];
  readonly presentRelative: string[];
  readonly answers: Record<string, boolean>;
  readonly baselineVitals: { systolic: number; diastolic: number; heartRate: number | null; spo2: number | null };
  readonly careTeamMembershipIds: string[];
}

/**
 * Records a screening and computes its result from the clinic's checklist (the default one
 * from domain.md). Resting BP above 180/100 marks uncontrolled hypertension whatever was ticked.
 */
export class ScreeningService {
  constructor(private readonly db: Database) {}

  async record(ctx: RequestContext, caseId: string, input: ScreeningInput): Promise<ScreeningView> {
    const answers = Object.fromEntries(input.answers.map((a) => [a.code, a.present]));
    if (input.answers.length !== Object.keys(answers).length) throw new BadUserInputError('answers', 'An item is answered twice');
    const vitals = { heartRate: null, spo2: null, ...input.baselineVitals };
    assertVitals(vitals);
    if (hypertensionFromVitals(vitals)) answers.UNCONTROLLED_HYPERTENSION = true;
    const result = evaluate(answers);
    return this.db.withTenant(ctx, async (m) => {
      const record = await visibleCase(m, ctx, caseId);
      assertCan(ctx, 'create', 'Screening', onCase(record));
      if (record.status === 'CLOSED' || record.status === 'WITHDRAWN') throw new ConflictError('The case is closed');
      const id = newId();
      const view: ScreeningView = { id, ...onCase(record), performedAt: ctx.clock.now(), ...result, answers, baselineVitals: vitals };
      await m.query(
        `INSERT INTO screening (tenant_id, id, case_id, performed_by, performed_at, answers, baseline_systolic, baseline_diastolic, baseline_heart_rate, baseline_spo2, outcome, present_absolute, present_relative)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [record.tenantId, id, caseId, actingMember(ctx), view.performedAt, answers, vitals.systolic, vitals.diastolic, vitals.heartRate, vitals.spo2, result.outcome, result.presentAbsolute, result.presentRelative],
      );
      await recordCaseEvent(m, ctx, caseId, 'SCREENING_RECORDED', { screeningId: id, outcome: result.outcome });
      return readableView(ctx, 'Screening', view);
    });
  }
}

/** A case's screenings, newest first, as the actor may read them. */
export async function screeningsOf(db: Database, ctx: RequestContext, caseId: string): Promise<ScreeningView[]> {
  return db.withTenant(ctx, async (m) => {
    const record = await visibleCase(m, ctx, caseId);
    const rows = await m.query<(Omit<ScreeningView, 'careTeamMembershipIds' | 'baselineVitals'> & { systolic: number; diastolic: number; heartRate: number | null; spo2: number | null })[]>(
      `SELECT id, tenant_id AS "tenantId", case_id AS "caseId", performed_at AS "performedAt", outcome, present_absolute AS "presentAbsolute",
              present_relative AS "presentRelative", answers, baseline_systolic AS systolic, baseline_diastolic AS diastolic,
              baseline_heart_rate AS "heartRate", baseline_spo2 AS spo2
       FROM screening WHERE case_id = $1 ORDER BY performed_at DESC, id DESC LIMIT 100`,
      [caseId],
    );
    return rows
      .map(({ systolic, diastolic, heartRate, spo2, ...row }) => ({ ...row, baselineVitals: { systolic, diastolic, heartRate, spo2 }, careTeamMembershipIds: record.careTeamMembershipIds }))
      .filter((row) => canSee(ctx, 'Screening', row))
      .map((row) => readableView(ctx, 'Screening', row));
  });
}

/** The latest screening of a case, or undefined. */
export async function latestScreening(m: EntityManager, caseId: string): Promise<{ id: string; present_absolute: string[]; present_relative: string[]; outcome: string } | undefined> {
  const [row] = await m.query<{ id: string; present_absolute: string[]; present_relative: string[]; outcome: string }[]>(
    `SELECT id, present_absolute, present_relative, outcome FROM screening WHERE case_id = $1 ORDER BY performed_at DESC, id DESC LIMIT 1`,
    [caseId],
  );
  return row;
}

function evaluate(answers: Record<string, boolean>) {
  try {
    return evaluateScreening(DEFAULT_CONTRAINDICATIONS, answers);
  } catch (error) {
    if (error instanceof IncompleteScreeningError) {
      const problem = error.unknown.length > 0 ? `Unknown items: ${error.unknown.join(', ')}` : `Unanswered items: ${error.unanswered.join(', ')}`;
      throw new BadUserInputError('answers', problem);
    }
    throw error;
  }
}

function assertVitals(vitals: { systolic: number; diastolic: number; heartRate: number | null; spo2: number | null }): void {
  try {
    hypertensionFromVitals(vitals);
  } catch (error) {
    if (error instanceof InvalidVitalsError) throw new BadUserInputError(`baselineVitals.${error.fields[0] ?? 'systolic'}`, 'Blood pressure out of plausible range');
    throw error;
  }
  if (vitals.heartRate !== null && !(Number.isInteger(vitals.heartRate) && vitals.heartRate >= 20 && vitals.heartRate <= 250)) {
    throw new BadUserInputError('baselineVitals.heartRate', 'Heart rate must be 20–250');
  }
  if (vitals.spo2 !== null && !(Number.isInteger(vitals.spo2) && vitals.spo2 >= 50 && vitals.spo2 <= 100)) {
    throw new BadUserInputError('baselineVitals.spo2', 'SpO2 must be 50–100');
  }
}
