import { IncompleteScreeningError, InvalidVitalsError, evaluateScreening, hypertensionFromVitals } from '@tandem/clinical';
import type { Contraindication } from '@tandem/clinical';
import { INTERACTION_CLASSES, clinicChecklist } from './checklist';
import type { InteractionClass } from './checklist';
import { BadUserInputError, ConflictError, newId } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import { assertCan, canSee, readableView } from '@tandem/authz';
import { recordCaseEvent } from '@tandem/cases';
import type { Database, EntityManager } from '@tandem/db';
import { actingMember, onCase, visibleCase } from '../shared';
import { SCREENING_AUDIT_FIELDS, audited } from '../audit-reads';

export interface ScreeningInput {
  readonly answers: readonly { code: string; present: boolean }[];
  readonly medicalHistory?: readonly string[] | null;
  readonly medications?: readonly { name: string; interactionClass: InteractionClass }[] | null;
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
  readonly medicalHistory: string[];
  readonly medications: { name: string; interactionClass: InteractionClass }[];
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
    const medicalHistory = validHistory(input.medicalHistory ?? []);
    const medications = validMedications(input.medications ?? []);
    // Facts outrank ticks: a reading above 180/100 or an interacting medicine marks its item.
    if (hypertensionFromVitals(vitals)) answers.UNCONTROLLED_HYPERTENSION = true;
    for (const medicine of medications) if (medicine.interactionClass !== 'NONE') answers[INTERACTION_CLASSES[medicine.interactionClass]] = true;
    return this.db.withTenant(ctx, async (m) => {
      const record = await visibleCase(m, ctx, caseId);
      assertCan(ctx, 'create', 'Screening', onCase(record));
      if (record.status === 'CLOSED' || record.status === 'WITHDRAWN') throw new ConflictError('The case is closed');
      const checklist = await clinicChecklist(m);
      const result = evaluate(checklist, answers);
      const id = newId();
      const view: ScreeningView = { id, ...onCase(record), performedAt: ctx.clock.now(), ...result, answers, medicalHistory, medications, baselineVitals: vitals };
      await m.query(
        `INSERT INTO screening (tenant_id, id, case_id, performed_by, performed_at, checklist, answers, medical_history, medications, baseline_systolic, baseline_diastolic, baseline_heart_rate, baseline_spo2, outcome, present_absolute, present_relative)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
        [record.tenantId, id, caseId, actingMember(ctx), view.performedAt, JSON.stringify(checklist), answers, medicalHistory, JSON.stringify(medications), vitals.systolic, vitals.diastolic, vitals.heartRate, vitals.spo2, result.outcome, result.presentAbsolute, result.presentRelative],
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
              present_relative AS "presentRelative", answers, medical_history AS "medicalHistory", medications, baseline_systolic AS systolic, baseline_diastolic AS diastolic,
              baseline_heart_rate AS "heartRate", baseline_spo2 AS spo2
       FROM screening WHERE case_id = $1 ORDER BY performed_at DESC, id DESC LIMIT 100`,
      [caseId],
    );
    const views = rows
      .map(({ systolic, diastolic, heartRate, spo2, ...row }) => ({ ...row, baselineVitals: { systolic, diastolic, heartRate, spo2 }, careTeamMembershipIds: record.careTeamMembershipIds }))
      .filter((row) => canSee(ctx, 'Screening', row))
      .map((row) => readableView(ctx, 'Screening', row));
    return audited(m, ctx, 'Screening', SCREENING_AUDIT_FIELDS, views);
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

function evaluate(checklist: readonly Contraindication[], answers: Record<string, boolean>) {
  try {
    return evaluateScreening(checklist, answers);
  } catch (error) {
    if (error instanceof IncompleteScreeningError) {
      const problem = error.unknown.length > 0 ? `Unknown items: ${error.unknown.join(', ')}` : `Unanswered items: ${error.unanswered.join(', ')}`;
      throw new BadUserInputError('answers', problem);
    }
    throw error;
  }
}

function validHistory(items: readonly string[]): string[] {
  const history = items.map((item) => item.trim()).filter((item) => item.length > 0);
  if (history.length > 50 || history.some((item) => item.length > 200)) throw new BadUserInputError('medicalHistory', 'At most 50 items of 200 characters');
  return history;
}

function validMedications(items: readonly { name: string; interactionClass: InteractionClass }[]): { name: string; interactionClass: InteractionClass }[] {
  if (items.length > 50) throw new BadUserInputError('medications', 'At most 50 medicines');
  return items.map((item, index) => {
    const name = item.name.trim();
    if (name.length < 1 || name.length > 200) throw new BadUserInputError(`medications.${index}.name`, 'A medicine name of 1 to 200 characters');
    return { name, interactionClass: item.interactionClass };
  });
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
