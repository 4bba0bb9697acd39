import { Authorize } from '@tandem/authz';
import type { ResolverContext } from '@tandem/authz';
import { IdempotencyKey, PageInput, askedOfNodes, toConnection } from '@tandem/graphql';
import { DateTimeISOResolver } from 'graphql-scalars';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Mutation, Query, Resolver } from 'type-graphql';
import type { CompletionService } from '../sessions/completion.service';
import type { DosingService } from '../sessions/dosing.service';
import type { PlanService } from '../sessions/plan.service';
import type { SessionService } from '../sessions/session.service';
import {
  AdverseEventInputType,
  CompleteSessionInput,
  DoseInputType,
  DoseType,
  ScheduleSessionInput,
  SessionConnection,
  SessionKindEnum,
  SessionType,
  TreatmentPlanInput,
  TreatmentPlanType,
  VitalsFlagType,
  VitalsInput,
} from './session.types';

@Resolver()
export class TreatmentSessionResolver {
  constructor(
    private readonly plans: PlanService,
    private readonly sessionService: SessionService,
    private readonly dosing: DosingService,
    private readonly completion: CompletionService,
  ) {}

  @Mutation(() => TreatmentPlanType, { description: "The case's prescriber of record; a new plan supersedes the current one." })
  @Authorize('create', 'TreatmentPlan')
  setTreatmentPlan(@Ctx() { ctx }: ResolverContext, @Arg('caseId', () => ID) caseId: string, @Arg('input', () => TreatmentPlanInput) input: TreatmentPlanInput) {
    return this.plans.set(ctx, caseId, input);
  }

  @Query(() => [SessionType], { description: "A case's sessions in time order." })
  @Authorize('read', 'TreatmentSession')
  caseSessions(@Ctx() { ctx }: ResolverContext, @Arg('caseId', () => ID) caseId: string) {
    return this.sessionService.forCase(ctx, caseId);
  }

  @Query(() => SessionConnection, {
    description: "The clinic's sessions you may read starting in [from, to), in start order; kind and updatedSince narrow it. For schedules and partners with sessions:read.",
  })
  @Authorize('read', 'TreatmentSession')
  async sessions(
    @Ctx() { ctx }: ResolverContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('page', () => PageInput) page: PageInput,
    @Arg('from', () => DateTimeISOResolver, { nullable: true }) from?: Date | null,
    @Arg('to', () => DateTimeISOResolver, { nullable: true }) to?: Date | null,
    @Arg('kind', () => SessionKindEnum, { nullable: true }) kind?: SessionKindEnum | null,
    @Arg('updatedSince', () => DateTimeISOResolver, { nullable: true }) updatedSince?: Date | null,
  ) {
    return toConnection(await this.sessionService.list(ctx, { from, to, kind: kind ?? null, updatedSince }, page, askedOfNodes(info)));
  }

  @Mutation(() => SessionType, { description: 'Dosing sessions need a case in dosing and room in the frequency limit.' })
  @Authorize('create', 'TreatmentSession')
  scheduleSession(@Ctx() { ctx }: ResolverContext, @Arg('caseId', () => ID) caseId: string, @Arg('input', () => ScheduleSessionInput) input: ScheduleSessionInput, @IdempotencyKey() _idempotencyKey?: string) {
    return this.sessionService.schedule(ctx, caseId, input);
  }

  @Mutation(() => SessionType)
  @Authorize('update', 'TreatmentSession')
  rescheduleSession(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string, @Arg('startsAt', () => DateTimeISOResolver) startsAt: Date) {
    return this.sessionService.reschedule(ctx, id, startsAt);
  }

  @Mutation(() => SessionType, { description: 'The session and its reason are kept.' })
  @Authorize('update', 'TreatmentSession')
  cancelSession(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string) {
    return this.sessionService.cancel(ctx, id, reason);
  }

  @Mutation(() => DoseType, { description: 'A prescriber on the care team, on a scheduled dosing session.' })
  @Authorize('record', 'Dose')
  recordDose(@Ctx() { ctx }: ResolverContext, @Arg('sessionId', () => ID) sessionId: string, @Arg('input', () => DoseInputType) input: DoseInputType) {
    return this.dosing.recordDose(ctx, sessionId, input);
  }

  @Mutation(() => [VitalsFlagType], { description: "Nurses and prescribers on the team; returns the reading's flags against the clinic's thresholds." })
  @Authorize('record', 'Vitals')
  recordVitals(@Ctx() { ctx }: ResolverContext, @Arg('sessionId', () => ID) sessionId: string, @Arg('input', () => VitalsInput) input: VitalsInput) {
    return this.dosing.recordVitals(ctx, sessionId, input);
  }

  @Mutation(() => ID, { description: 'Nurses and prescribers on the team.' })
  @Authorize('record', 'Vitals')
  recordAdverseEvent(@Ctx() { ctx }: ResolverContext, @Arg('sessionId', () => ID) sessionId: string, @Arg('input', () => AdverseEventInputType) input: AdverseEventInputType) {
    return this.completion.recordAdverseEvent(ctx, sessionId, input);
  }

  @Mutation(() => Boolean, { description: 'Dosing sessions: the monitoring time, discharge readiness, transport (and REMS fields for esketamine).' })
  @Authorize('record', 'TreatmentSession')
  async completeSession(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string, @Arg('input', () => CompleteSessionInput) input: CompleteSessionInput) {
    await this.completion.complete(ctx, id, input);
    return true;
  }

  @Mutation(() => Boolean)
  @Authorize('record', 'TreatmentSession')
  async markRemsFormSubmitted(@Ctx() { ctx }: ResolverContext, @Arg('sessionId', () => ID) sessionId: string) {
    await this.completion.markRemsSubmitted(ctx, sessionId);
    return true;
  }
}
