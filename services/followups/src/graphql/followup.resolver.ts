import { Authorize } from '@tandem/authz';
import type { ResolverContext } from '@tandem/authz';
import { IdempotencyKey, PageInput, connectionOf, toConnection } from '@tandem/graphql';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { FollowUpService } from '../followup.service';
import type { FollowUpKind, Priority } from '../followup-record';

@ObjectType('FollowUp', { description: 'A task on a case. overdue is derived: open and past due.' })
export class FollowUpType {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true }) caseId!: string | null;
  @Field(() => String, { nullable: true }) kind!: string | null;
  @Field(() => String, { nullable: true }) title!: string | null;
  @Field(() => ID, { nullable: true }) assigneeId!: string | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) dueAt!: Date | null;
  @Field(() => String, { nullable: true }) priority!: string | null;
  @Field(() => String, { nullable: true, description: 'OPEN, DONE or CANCELLED.' }) status!: string | null;
  @Field(() => Boolean, { nullable: true }) overdue!: boolean | null;
  @Field(() => String, { nullable: true }) completionNote!: string | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) closedAt!: Date | null;
  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When anything about the follow-up last changed.' }) updatedAt!: Date | null;
}
const FollowUpConnection = connectionOf(FollowUpType, 'FollowUp');

@InputType()
export class FollowUpInputType {
  @Field(() => String, { description: 'INTEGRATION_SESSION, POST_DOSE_CHECK_IN, MEASURE_DUE, CONSENT_RENEWAL, REMS_FORM_DUE or CUSTOM.' }) kind!: FollowUpKind;
  @Field(() => String) title!: string;
  @Field(() => ID, { description: 'A member of the case care team.' }) assigneeId!: string;
  @Field(() => DateTimeISOResolver) dueAt!: Date;
  @Field(() => String, { nullable: true, description: 'LOW, NORMAL (default), HIGH or URGENT.' }) priority?: Priority | null;
}

@Resolver()
export class FollowUpResolver {
  constructor(private readonly service: FollowUpService) {}

  @Query(() => FollowUpConnection, { description: 'Your open follow-ups.' })
  @Authorize('read', 'FollowUp')
  async myFollowUps(@Ctx() { ctx }: ResolverContext, @Arg('page', () => PageInput) page: PageInput) {
    return toConnection(await this.service.list(ctx, { mine: true }, page));
  }

  @Query(() => FollowUpConnection)
  @Authorize('read', 'FollowUp')
  async caseFollowUps(@Ctx() { ctx }: ResolverContext, @Arg('caseId', () => ID) caseId: string, @Arg('page', () => PageInput) page: PageInput) {
    return toConnection(await this.service.list(ctx, { caseId }, page));
  }

  @Query(() => FollowUpConnection, {
    description: 'Follow-ups of the clinic you may read that changed at or after updatedSince (all when absent), oldest change first: for partners syncing with followups:read.',
  })
  @Authorize('read', 'FollowUp')
  async followUps(
    @Ctx() { ctx }: ResolverContext,
    @Arg('page', () => PageInput) page: PageInput,
    @Arg('updatedSince', () => DateTimeISOResolver, { nullable: true }) updatedSince?: Date | null,
  ) {
    return toConnection(await this.service.changedSince(ctx, updatedSince ?? null, page));
  }

  @Mutation(() => FollowUpType)
  @Authorize('create', 'FollowUp')
  createFollowUp(@Ctx() { ctx }: ResolverContext, @Arg('caseId', () => ID) caseId: string, @Arg('input', () => FollowUpInputType) input: FollowUpInputType, @IdempotencyKey() _idempotencyKey?: string) {
    return this.service.create(ctx, caseId, input);
  }

  @Mutation(() => FollowUpType)
  @Authorize('update', 'FollowUp')
  completeFollowUp(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string, @Arg('note', () => String, { nullable: true }) note?: string | null) {
    return this.service.complete(ctx, id, note ?? null);
  }

  @Mutation(() => FollowUpType)
  @Authorize('update', 'FollowUp')
  cancelFollowUp(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string) {
    return this.service.cancel(ctx, id, reason);
  }

  @Mutation(() => FollowUpType)
  @Authorize('update', 'FollowUp')
  rescheduleFollowUp(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string, @Arg('dueAt', () => DateTimeISOResolver) dueAt: Date) {
    return this.service.reschedule(ctx, id, dueAt);
  }
}
