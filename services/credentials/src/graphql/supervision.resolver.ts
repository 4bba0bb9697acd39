import { Authorize } from '@tandem/authz';
import type { ResolverContext } from '@tandem/authz';
import { IdempotencyKey, PageInput, connectionOf, toConnection } from '@tandem/graphql';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Arg, Ctx, Field, Float, ID, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { SupervisionService } from '../supervision.service';

@ObjectType('SupervisionEntry', { description: 'Consultation or supervision hours between a trainee and a supervisor. Confirmed entries count towards programme hours.' })
export class SupervisionEntryType {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true }) traineeId!: string | null;
  @Field(() => ID, { nullable: true }) supervisorId!: string | null;
  @Field(() => ID, { nullable: true, description: 'The party who logged it; the other confirms.' }) loggedBy!: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, in the clinic.' }) heldOn!: string | null;
  @Field(() => Float, { nullable: true }) hours!: number | null;
  @Field(() => String, { nullable: true, description: 'CONSULTATION or SUPERVISION.' }) kind!: string | null;
  @Field(() => [String], { nullable: true, description: 'Training modules discussed (the seven of docs/credentials.md).' }) modules!: string[] | null;
  @Field(() => String, { nullable: true, description: 'Free text about the training, not about patients.' }) note!: string | null;
  @Field(() => Boolean, { nullable: true }) confirmed!: boolean | null;
  @Field(() => ID, { nullable: true }) confirmedBy!: string | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) confirmedAt!: Date | null;
}
const SupervisionConnection = connectionOf(SupervisionEntryType, 'SupervisionEntry');

@InputType('LogSupervisionInput')
export class LogSupervisionInputType {
  @Field(() => ID) traineeId!: string;
  @Field(() => ID, { description: 'Must meet the clinic’s facilitator requirement.' }) supervisorId!: string;
  @Field(() => String, { description: 'YYYY-MM-DD, not after today in the clinic.' }) heldOn!: string;
  @Field(() => Float, { description: 'More than 0, at most 12, in hundredths.' }) hours!: number;
  @Field(() => String, { description: 'CONSULTATION or SUPERVISION.' }) kind!: string;
  @Field(() => [String], { nullable: true }) modules?: string[] | null;
  @Field(() => String, { nullable: true, description: 'At most 1000 characters; no patient details.' }) note?: string | null;
}

@Resolver()
export class SupervisionResolver {
  constructor(private readonly service: SupervisionService) {}

  @Mutation(() => SupervisionEntryType, { description: 'Logs supervision you gave or received, unconfirmed. Bad input: BAD_USER_INPUT with extensions.field.' })
  @Authorize('create', 'SupervisionEntry')
  logSupervision(@Ctx() { ctx }: ResolverContext, @Arg('input', () => LogSupervisionInputType) input: LogSupervisionInputType, @IdempotencyKey() _idempotencyKey?: string) {
    return this.service.log(ctx, input);
  }

  @Mutation(() => SupervisionEntryType, { description: 'The other party confirms an entry; one’s own: FORBIDDEN.' })
  @Authorize('verify', 'SupervisionEntry')
  confirmSupervision(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string) {
    return this.service.confirm(ctx, id);
  }

  @Query(() => SupervisionConnection, { description: 'A member’s supervision log: yours, the entries you supervised, or anyone’s (admins).' })
  @Authorize('read', 'SupervisionEntry')
  async supervisionLog(@Ctx() { ctx }: ResolverContext, @Arg('membershipId', () => ID) membershipId: string, @Arg('page', () => PageInput) page: PageInput) {
    return toConnection(await this.service.ofMember(ctx, membershipId, page));
  }
}
