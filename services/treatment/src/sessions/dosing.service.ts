import { writeOutbox } from '@tandem/jobs';
import { InvalidDoseError, InvalidReadingError, MissingWeightError, checkDose, classifyReading, validateReading } from '@tandem/clinical';
import type { DoseUnit, VitalsFlag, VitalsReading } from '@tandem/clinical';
import { BadUserInputError, ConflictError, NotFoundError, isUuid, newId } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import { assertCan, visibleOrNotFound } from '@tandem/authz';
import { findCase, recordCaseEvent } from '@tandem/cases';
import type { CaseView } from '@tandem/cases';
import type { Database, EntityManager } from '@tandem/db';
import { TREATMENT_FACTS } from '../facts';
import { actingMember } from '../shared';
import { assertDoseGate } from './dose-gate';
import { currentPlan } from './plan.service';
import { findSession } from './session-record';
import type { SessionRow } from './session-record';
import { clinicSettings } from '../tenant-settings';

export interface DoseInput {
  readonly amount: number;
  readonly unit: DoseUnit;
  readonly lotNumber: string;
  /** Needed for a dose outside the clinic's range for the route. */
  readonly rangeOverrideReason?: string | null;
  /** Needed when a pre-dose reading recommended holding. */
  readonly holdOverrideReason?: string | null;
}

export interface DoseView {
  readonly id: string;
  readonly doseMg: number;
  readonly perKg: number | null;
  readonly overridden: boolean;
}

type Reading = Omit<VitalsReading, 'at'> & { at: Date };

/** The dosing record: the dose (prescribers), vitals (nurses and prescribers), on the care team. */
export class DosingService {
  constructor(private readonly db: Database) {}

  async recordDose(ctx: RequestContext, sessionId: string, input: DoseInput): Promise<DoseView> {
    const lotNumber = input.lotNumber.trim();
    if (lotNumber.length < 1 || lotNumber.length > 64) throw new BadUserInputError('lotNumber', 'The lot number is required');
    return this.db.withTenant(ctx, async (m) => {
      const { session, record } = await sessionOnTeam(m, ctx, sessionId, 'Dose');
      if (session.kind !== 'DOSING' || session.status !== 'SCHEDULED') throw new ConflictError('Doses are recorded on a scheduled dosing session');
      await assertDoseAllowed(m, record, session);
      await assertDoseGate(m, ctx, record.patientId);
      const plan = await currentPlan(m, record.id);
      if (!plan) throw new ConflictError('The case has no treatment plan', { unmet: ['TREATMENT_PLAN'] });
      await assertHoldHandled(m, session.id, input.holdOverrideReason);
      const settings = await clinicSettings(m);
      const weightKg = await currentWeight(m, record.patientId);
      const verdict = checked(() => checkDose(plan.route, { amount: input.amount, unit: input.unit }, weightKg, settings.doseRanges[plan.route], input.rangeOverrideReason));
      if (!verdict.ok) throw new BadUserInputError(verdict.reason === 'OUT_OF_RANGE' ? 'amount' : 'unit', verdict.message);
      const id = newId();
      await m.query(
        `INSERT INTO dose_administration (tenant_id, id, session_id, route, amount, unit, dose_mg, weight_kg, lot_number, administered_by, administered_at, range_override_reason, hold_override_reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [record.tenantId, id, sessionId, plan.route, input.amount, input.unit, verdict.mg, weightKg, lotNumber, actingMember(ctx), ctx.clock.now(), verdict.overridden ? input.rangeOverrideReason?.trim() : null, input.holdOverrideReason?.trim() || null],
      );
      await recordCaseEvent(m, ctx, record.id, 'DOSE_RECORDED', { sessionId, doseId: id });
      return { id, doseMg: verdict.mg, perKg: verdict.perKg ?? null, overridden: verdict.overridden === true };
    });
  }

  async recordVitals(ctx: RequestContext, sessionId: string, reading: Reading): Promise<VitalsFlag[]> {
    try {
      validateReading(reading);
    } catch (error) {
      if (error instanceof InvalidReadingError) throw new BadUserInputError(error.problems[0]?.field ?? 'reading', error.problems.map((p) => p.message).join('; '));
      throw error;
    }
    return this.db.withTenant(ctx, async (m) => {
      const { session, record } = await sessionOnTeam(m, ctx, sessionId, 'Vitals');
      if (session.status !== 'SCHEDULED') throw new ConflictError('Vitals are recorded during a scheduled session');
      const history = await m.query<Reading[]>(
        `SELECT taken_at AS at, phase, systolic, diastolic, heart_rate AS "heartRate", spo2 FROM vitals_reading WHERE session_id = $1 ORDER BY taken_at`,
        [sessionId],
      );
      const flags = classifyReading(reading, history, (await clinicSettings(m)).vitals);
      await m.query(
        `INSERT INTO vitals_reading (tenant_id, id, session_id, taken_at, phase, systolic, diastolic, heart_rate, spo2, flags, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [record.tenantId, newId(), sessionId, reading.at, reading.phase, reading.systolic ?? null, reading.diastolic ?? null, reading.heartRate ?? null, reading.spo2 ?? null, JSON.stringify(flags), actingMember(ctx)],
      );
      if (flags.some((f) => f.kind === 'ESCALATION') && !session.escalation) {
        await m.query(`UPDATE treatment_session SET escalation = true, updated_at = $2 WHERE id = $1`, [sessionId, ctx.clock.now()]);
        await recordCaseEvent(m, ctx, record.id, 'VITALS_ESCALATION', { sessionId });
        // The prescriber and the nurse on the team are alerted (once per session, at the first escalation).
        await writeOutbox(m, { tenantId: record.tenantId, topic: 'vitals.escalated', payload: { sessionId, caseId: record.id } });
      }
      return flags;
    });
  }
}

/** The session and its case, if the actor may see them (else NOT_FOUND) and record `what` (else FORBIDDEN). */
export async function sessionOnTeam(m: EntityManager, ctx: RequestContext, sessionId: string, what: 'Dose' | 'Vitals' | 'TreatmentSession'): Promise<{ session: SessionRow; record: CaseView }> {
  const session = isUuid(sessionId) ? await findSession(m, sessionId, true) : undefined;
  const record = session ? await findCase(m, session.caseId) : undefined;
  if (!session || !record) throw new NotFoundError('TreatmentSession');
  const scope = { ...session, careTeamMembershipIds: record.careTeamMembershipIds };
  visibleOrNotFound(ctx, 'TreatmentSession', scope);
  assertCan(ctx, 'record', what, scope);
  return { session, record };
}

/** No dose on a case that is not dosing (a revoked consent puts it on hold) or whose gates lapsed. */
async function assertDoseAllowed(m: EntityManager, record: CaseView, session: SessionRow): Promise<void> {
  if (record.status !== 'DOSING') throw new ConflictError(`The case is ${record.status}, not in dosing`, { unmet: ['CASE_IN_DOSING'] });
  const facts = await TREATMENT_FACTS.factsFor(m, record.id);
  const unmet = [...(facts.consentActive ? [] : ['ACTIVE_CONSENT']), ...(facts.clearanceGranted ? [] : ['MEDICAL_CLEARANCE'])];
  if (unmet.length > 0) throw new ConflictError('Dosing gates no longer hold', { unmet, sessionId: session.id });
}

async function assertHoldHandled(m: EntityManager, sessionId: string, overrideReason: string | null | undefined): Promise<void> {
  const [held] = await m.query<unknown[]>(`SELECT 1 FROM vitals_reading WHERE session_id = $1 AND phase = 'PRE_DOSE' AND flags @> '[{"kind":"HOLD_RECOMMENDED"}]'`, [sessionId]);
  if (held && !overrideReason?.trim()) throw new ConflictError('A pre-dose reading recommends holding: acknowledge it with a reason to dose', { unmet: ['HOLD_ACKNOWLEDGED'] });
}

async function currentWeight(m: EntityManager, patientId: string): Promise<number | null> {
  const [row] = await m.query<{ kg: number }[]>(`SELECT weight_kg::float8 AS kg FROM patient_weight WHERE patient_id = $1 ORDER BY measured_at DESC LIMIT 1`, [patientId]);
  return row?.kg ?? null;
}

function checked<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof MissingWeightError) throw new ConflictError('A dose in mg/kg needs a current weight', { unmet: ['CURRENT_WEIGHT'] });
    if (error instanceof InvalidDoseError) throw new BadUserInputError(error.field, error.message);
    throw error;
  }
}
