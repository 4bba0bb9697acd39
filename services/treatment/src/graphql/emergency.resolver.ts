import { Authorize } from '@tandem/authz';
import type { ResolverContext } from '@tandem/authz';
import { CaseType } from '@tandem/cases';
import type { CaseView } from '@tandem/cases';
import type { Database } from '@tandem/db';
import { PageInput, toConnection } from '@tandem/graphql';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { emergencyAccessesOfCases } from '../emergency/emergency-access.loader';
import type { EmergencyAccessService } from '../emergency/emergency-access.service';
import type { EmergencyReviewService } from '../emergency/emergency-review.service';
import { EmergencyAccessConnection, EmergencyAccessType, EmergencyReviewOutcomeEnum, EmergencyReviewStatusEnum } from './emergency.types';

/** Emergency access (docs/emergency-access.md): asking for it, seeing it on the case, reviewing it. */
@Resolver(() => CaseType)
export class EmergencyAccessResolver {
  constructor(
    private readonly grants: EmergencyAccessService,
    private readonly reviews: EmergencyReviewService,
    private readonly db: Database,
  ) {}

  @Mutation(() => EmergencyAccessType, {
    description: "A prescriber, therapist or nurse not on the case's care team reads it at once, for the clinic's emergencyAccess.durationMinutes, with a reason of 20 to 2000 characters. While one is active, a new request returns it unchanged.",
  })
  @Authorize('create', 'EmergencyAccess')
  requestEmergencyAccess(@Ctx() { ctx }: ResolverContext, @Arg('caseId', () => ID) caseId: string, @Arg('reason', () => String) reason: string) {
    return this.grants.request(ctx, caseId, reason);
  }

  @FieldResolver(() => [EmergencyAccessType], { description: "Emergency grants on this case, newest first: for its care team, the clinic's admins and each grant's holder." })
  @Authorize('read', 'Case')
  emergencyAccesses(@Ctx() { ctx }: ResolverContext, @Root() record: CaseView) {
    return emergencyAccessesOfCases(ctx, this.db).load(record.id);
  }

  @Query(() => EmergencyAccessConnection, { description: 'Clinic admins: emergency grants waiting for review (PENDING) or reviewed, oldest first.' })
  @Authorize('update', 'EmergencyAccess')
  async emergencyAccessReviews(
    @Ctx() { ctx }: ResolverContext,
    @Arg('status', () => EmergencyReviewStatusEnum, { defaultValue: EmergencyReviewStatusEnum.PENDING }) status: EmergencyReviewStatusEnum,
    @Arg('page', () => PageInput) page: PageInput,
  ) {
    return toConnection(await this.reviews.queue(ctx, status, page));
  }

  @Mutation(() => EmergencyAccessType, { description: 'Clinic admins, once per grant, never their own: ACCEPTED, or FLAGGED with a note saying why.' })
  @Authorize('update', 'EmergencyAccess')
  reviewEmergencyAccess(
    @Ctx() { ctx }: ResolverContext,
    @Arg('id', () => ID) id: string,
    @Arg('outcome', () => EmergencyReviewOutcomeEnum) outcome: EmergencyReviewOutcomeEnum,
    @Arg('note', () => String, { nullable: true }) note?: string | null,
  ) {
    return this.reviews.review(ctx, id, outcome, note);
  }
}
