import { Authorize } from '@tandem/authz';
import type { ResolverContext } from '@tandem/authz';
import { PageInput, connectionOf, toConnection } from '@tandem/graphql';
import { Arg, Ctx, Field, Float, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { ProgrammeService } from '../programme.service';
import type { ReadinessService } from '../readiness.service';

@ObjectType('TrainingRequirement', { description: 'The KAP training the clinic requires for one role.' })
export class TrainingRequirementType {
  @Field(() => String, { description: 'FACILITATOR, PRESCRIBER or MONITORING_NURSE.' }) role!: string;
  @Field(() => [String]) modules!: string[];
  @Field(() => Float) minHours!: number;
  @Field(() => Boolean, { description: 'False while Tandem’s default applies.' }) configured!: boolean;
}

@ObjectType('Readiness', { description: 'Which requirements of one role a member meets, and which are missing (named as in extensions.unmet).' })
export class ReadinessType {
  @Field(() => String) role!: string;
  @Field(() => String, { description: 'READY, TRAINEE (part of the training) or NOT_READY.' }) status!: string;
  @Field(() => [String]) met!: string[];
  @Field(() => [String]) missing!: string[];
}

@ObjectType('RosterEntry')
export class RosterEntryType {
  @Field(() => ID) id!: string;
  @Field(() => ID) membershipId!: string;
  @Field(() => String, { nullable: true }) displayName!: string | null;
  @Field(() => [String]) roles!: string[];
  @Field(() => [ReadinessType]) readiness!: ReadinessType[];
  @Field(() => String, { nullable: true, description: 'The earliest expiry (YYYY-MM-DD) among the credentials that count.' }) nextExpiry!: string | null;
}
const RosterConnection = connectionOf(RosterEntryType, 'RosterEntry');

@Resolver()
export class ReadinessResolver {
  constructor(
    private readonly programmes: ProgrammeService,
    private readonly readiness: ReadinessService,
  ) {}

  @Query(() => [TrainingRequirementType], { description: 'The clinic’s training programme, per role.' })
  @Authorize('read', 'TrainingProgramme')
  trainingProgramme(@Ctx() { ctx }: ResolverContext) {
    return this.programmes.read(ctx);
  }

  @Mutation(() => [TrainingRequirementType], { description: 'Sets one role’s training requirement (admins).' })
  @Authorize('update', 'TrainingProgramme')
  setTrainingProgramme(
    @Ctx() { ctx }: ResolverContext,
    @Arg('role', () => String) role: string,
    @Arg('modules', () => [String]) modules: string[],
    @Arg('minHours', () => Float) minHours: number,
  ) {
    return this.programmes.set(ctx, role, modules, minHours);
  }

  @Query(() => [ReadinessType], { description: 'Your readiness for each gated role, today in the clinic.' })
  @Authorize('read', 'Credential')
  myReadiness(@Ctx() { ctx }: ResolverContext) {
    return this.readiness.mine(ctx);
  }

  @Query(() => RosterConnection, { description: 'Every active member’s readiness per role and next expiry (admins).' })
  @Authorize('verify', 'Credential')
  async roster(@Ctx() { ctx }: ResolverContext, @Arg('page', () => PageInput) page: PageInput) {
    return toConnection(await this.readiness.roster(ctx, page));
  }
}
