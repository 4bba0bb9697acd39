import { Authorize } from '@tandem/authz';
import type { ResolverContext } from '@tandem/authz';
import type { Database } from '@tandem/db';
import { IdempotencyKey } from '@tandem/graphql';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { MeasureService } from '../measures/measure.service';
import { measureTrend } from '../measures/measure-trend';
import type { SafetySignalService } from '../measures/safety-signal.service';
import { InstrumentEnum, MeasureTrendType, MeasureType, RecordMeasureInput, SafetySignalType } from './measure.types';

@Resolver()
export class MeasureResolver {
  constructor(
    private readonly measures: MeasureService,
    private readonly signals: SafetySignalService,
    private readonly db: Database,
  ) {}

  @Mutation(() => MeasureType, { description: 'Clinicians on the care team. Incomplete or out-of-range answers are refused; nothing partial is stored.' })
  @Authorize('create', 'Measure')
  recordMeasure(@Ctx() { ctx }: ResolverContext, @Arg('caseId', () => ID) caseId: string, @Arg('input', () => RecordMeasureInput) input: RecordMeasureInput, @IdempotencyKey() _idempotencyKey?: string) {
    return this.measures.record(ctx, caseId, input);
  }

  @Query(() => MeasureTrendType, { description: "One instrument's scores over the case, with baseline and PHQ-9 response/remission." })
  @Authorize('read', 'Measure')
  measureTrend(@Ctx() { ctx }: ResolverContext, @Arg('caseId', () => ID) caseId: string, @Arg('instrument', () => InstrumentEnum) instrument: InstrumentEnum) {
    return measureTrend(this.db, ctx, caseId, instrument);
  }

  @Query(() => [SafetySignalType])
  @Authorize('read', 'SafetySignal')
  safetySignals(@Ctx() { ctx }: ResolverContext, @Arg('caseId', () => ID) caseId: string, @Arg('openOnly', () => Boolean, { defaultValue: true }) openOnly: boolean) {
    return this.signals.forCase(ctx, caseId, openOnly);
  }

  @Mutation(() => SafetySignalType, { description: 'A clinician on the team closes the signal, saying what was done.' })
  @Authorize('update', 'SafetySignal')
  acknowledgeSafetySignal(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string, @Arg('actionTaken', () => String) actionTaken: string) {
    return this.signals.acknowledge(ctx, id, actionTaken);
  }
}
