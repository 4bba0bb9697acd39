import { Authorize, canReadField } from '@tandem/authz';
import type { ResolverContext } from '@tandem/authz';
import type { Database } from '@tandem/db';
import { IdempotencyKey, PageInput, askedFields, toConnection } from '@tandem/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { CareTeamService } from '../care-team/care-team.service';
import type { CaseService } from '../cases/case.service';
import type { CaseView } from '../cases/case-record';
import type { CaseTransitionService } from '../lifecycle/case-transition.service';
import { careTeams, patients } from '../loaders';
import { CaseFilterInput, OpenCaseInput } from './inputs';
import { CareTeamMemberType, CaseConnection, CaseEventConnection, CaseRoleEnum, CaseStatusEnum, CaseType, PatientType } from './types';

@Resolver(() => CaseType)
export class CaseResolver {
  constructor(
    private readonly caseService: CaseService,
    private readonly careTeamService: CareTeamService,
    private readonly transitions: CaseTransitionService,
    private readonly db: Database,
  ) {}

  @Query(() => CaseType)
  @Authorize('read', 'Case')
  case(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string) {
    return this.caseService.get(ctx, id);
  }

  @Query(() => CaseConnection, { description: 'Cases you may see, filtered and paged in SQL.' })
  @Authorize('read', 'Case')
  async cases(@Ctx() { ctx }: ResolverContext, @Arg('page', () => PageInput) page: PageInput, @Arg('filter', () => CaseFilterInput, { nullable: true }) filter?: CaseFilterInput) {
    return toConnection(await this.caseService.list(ctx, filter ?? {}, page));
  }

  @Query(() => CaseEventConnection, { description: "A case's timeline, oldest first." })
  @Authorize('read', 'Case')
  async caseTimeline(@Ctx() { ctx }: ResolverContext, @Arg('caseId', () => ID) caseId: string, @Arg('page', () => PageInput) page: PageInput) {
    return toConnection(await this.caseService.timeline(ctx, caseId, page));
  }

  @FieldResolver(() => PatientType, { nullable: true, description: 'Null when you may not see the patient.' })
  @Authorize('read', 'Case')
  patient(@Ctx() { ctx }: ResolverContext, @Root() record: CaseView, @Info() info: GraphQLResolveInfo) {
    return canReadField(ctx, 'Case', record, 'patientId') && record.patientId ? patients(ctx, this.db, askedFields(info)).load(record.patientId) : null;
  }

  @FieldResolver(() => [CareTeamMemberType], { nullable: true, description: 'The active care team; null when hidden from you.' })
  @Authorize('read', 'Case')
  careTeam(@Ctx() { ctx }: ResolverContext, @Root() record: CaseView) {
    return canReadField(ctx, 'Case', record, 'careTeam') ? careTeams(ctx, this.db).load(record.id) : null;
  }

  @Mutation(() => CaseType, { description: 'Opens a case at REFERRAL; a patient has at most one open case.' })
  @Authorize('create', 'Case')
  openCase(@Ctx() { ctx }: ResolverContext, @Arg('input', () => OpenCaseInput) input: OpenCaseInput, @IdempotencyKey() _idempotencyKey?: string) {
    return this.caseService.open(ctx, input);
  }

  @Mutation(() => CareTeamMemberType, { description: "Admins or the case's prescriber of record." })
  @Authorize('assign', 'Case')
  addCareTeamMember(
    @Ctx() { ctx }: ResolverContext,
    @Arg('caseId', () => ID) caseId: string,
    @Arg('membershipId', () => ID) membershipId: string,
    @Arg('caseRole', () => CaseRoleEnum) caseRole: CaseRoleEnum,
  ) {
    return this.careTeamService.add(ctx, caseId, membershipId, caseRole);
  }

  @Mutation(() => CaseType, {
    description: 'Moves the case through its lifecycle. Refusals: CONFLICT with extensions.unmet (requirements) or an illegal step; FORBIDDEN with extensions.allowedRoles.',
  })
  @Authorize('transition', 'Case')
  transitionCase(
    @Ctx() { ctx }: ResolverContext,
    @Arg('caseId', () => ID) caseId: string,
    @Arg('to', () => CaseStatusEnum) to: CaseStatusEnum,
    @Arg('reason', () => String, { nullable: true, description: 'Required to hold, withdraw or close.' }) reason?: string | null,
  ) {
    return this.transitions.transition(ctx, caseId, to, reason);
  }

  @Mutation(() => CaseType, { description: "Admins or the case's prescriber of record; the change is kept in the timeline." })
  @Authorize('assign', 'Case')
  removeCareTeamMember(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string) {
    return this.careTeamService.remove(ctx, id);
  }
}
