import { InvalidAnswersError, isInstrument, scoreMeasure } from '@tandem/clinical';
import type { CssrsAnswers, Instrument, MeasureScore } from '@tandem/clinical';
import { BadUserInputError, ConflictError, newId } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import { assertCan, readableView } from '@tandem/authz';
import { recordCaseEvent } from '@tandem/cases';
import type { Database, EntityManager } from '@tandem/db';
import { writeOutbox } from '@tandem/jobs';
import { actingMember, onCase, visibleCase } from '../shared';

export interface MeasureInput {
  readonly instrument: string;
  /** Item answers in order (every instrument but the C-SSRS screener). */
  readonly answers?: readonly number[] | null;
  readonly cssrs?: CssrsAnswers | null;
}

export interface MeasureView {
  readonly id: string;
  readonly tenantId: string;
  readonly caseId: string;
  readonly instrument: Instrument;
  readonly administeredAt: Date;
  readonly total: number | null;
  readonly band: string | null;
  readonly risk: string | null;
  readonly clusters: Record<string, unknown> | null;
  readonly answers: unknown;
  readonly safetySignal: boolean;
  readonly careTeamMembershipIds: string[];
}

/**
 * Outcome measures, scored by the server from the item answers (a client's total is never
 * asked for). A safety signal (PHQ-9 item 9 above 0, C-SSRS moderate or high risk) opens at once.
 */
export class MeasureService {
  constructor(private readonly db: Database) {}

  async record(ctx: RequestContext, caseId: string, input: MeasureInput): Promise<MeasureView> {
    if (!isInstrument(input.instrument)) throw new BadUserInputError('instrument', 'Unknown instrument');
    const instrument = input.instrument;
    const score = scored(instrument, input);
    return this.db.withTenant(ctx, async (m) => {
      const record = await visibleCase(m, ctx, caseId);
      assertCan(ctx, 'create', 'Measure', onCase(record));
      if (record.status === 'CLOSED' || record.status === 'WITHDRAWN') throw new ConflictError('The case is closed');
      const view = toView({ id: newId(), ...onCase(record), instrument, administeredAt: ctx.clock.now(), answers: input.cssrs ?? input.answers }, score);
      await m.query(
        `INSERT INTO measure_response (tenant_id, id, case_id, instrument, answers, total, band, scoring, administered_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [view.tenantId, view.id, caseId, instrument, JSON.stringify(view.answers), view.total, view.band, score, view.administeredAt, actingMember(ctx)],
      );
      await recordCaseEvent(m, ctx, caseId, 'MEASURE_RECORDED', { measureId: view.id, instrument });
      if (score.safetySignal) await openSafetySignal(m, ctx, caseId, view.id, score.safetyReasons);
      return readableView(ctx, 'Measure', view);
    });
  }
}

function scored(instrument: Instrument, input: MeasureInput): MeasureScore {
  try {
    if (instrument === 'CSSRS_SCREENER') {
      if (!input.cssrs) throw new BadUserInputError('cssrs', 'The C-SSRS screener is answered with cssrs, not answers');
      return scoreMeasure(instrument, input.cssrs);
    }
    if (!input.answers) throw new BadUserInputError('answers', `${instrument} needs its item answers`);
    return scoreMeasure(instrument, input.answers);
  } catch (error) {
    if (error instanceof InvalidAnswersError) {
      const first = error.problems[0];
      const field = instrument === 'CSSRS_SCREENER' ? 'cssrs' : 'answers';
      throw new BadUserInputError(first?.item ? `${field}.${first.item}` : field, error.problems.map((p) => p.message).join('; '));
    }
    throw error;
  }
}

export function toView(base: Omit<MeasureView, 'total' | 'band' | 'risk' | 'clusters' | 'safetySignal'>, score: MeasureScore): MeasureView {
  // Field by field, not a spread of `base`: a row read by the latest-measure loader carries more
  // (its scoring), and copying a row's properties generically was 3 % of a partner sync's CPU.
  return {
    id: base.id,
    tenantId: base.tenantId,
    caseId: base.caseId,
    instrument: base.instrument,
    administeredAt: base.administeredAt,
    answers: base.answers,
    careTeamMembershipIds: base.careTeamMembershipIds,
    total: score.total,
    band: score.band,
    risk: score.instrument === 'CSSRS_SCREENER' ? score.risk : null,
    clusters: score.instrument === 'PCL5' ? { ...score.clusters, probablePtsd: score.probablePtsd, cutOff: score.cutOff, clusterCriteriaMet: score.clusterCriteriaMet } : null,
    safetySignal: score.safetySignal,
  };
}

async function openSafetySignal(m: EntityManager, ctx: RequestContext, caseId: string, measureId: string, reasons: readonly string[]): Promise<void> {
  const id = newId();
  await m.query(`INSERT INTO safety_signal (tenant_id, id, case_id, measure_response_id, reasons, opened_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
    ctx.tenantId,
    id,
    caseId,
    measureId,
    reasons,
    ctx.clock.now(),
  ]);
  await recordCaseEvent(m, ctx, caseId, 'SAFETY_SIGNAL_OPENED', { safetySignalId: id, measureId, reasons: reasons.join(',') });
  // Alert the prescriber and therapists at once: the worker delivers it (ids only).
  await writeOutbox(m, { tenantId: ctx.tenantId ?? '', topic: 'safety.signal_opened', payload: { safetySignalId: id, caseId } });
}
