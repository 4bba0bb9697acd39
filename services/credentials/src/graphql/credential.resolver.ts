import { Authorize } from '@tandem/authz';
import type { ResolverContext } from '@tandem/authz';
import { IdempotencyKey } from '@tandem/graphql';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Arg, Ctx, Field, Float, ID, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { CredentialService } from '../credential.service';

@ObjectType('Credential', { description: 'A licence, registration, certificate or agreement a member holds. Only verified, unexpired ones count as gates.' })
export class CredentialType {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true }) membershipId!: string | null;
  @Field(() => String, { nullable: true, description: 'LICENSE, DEA_REGISTRATION, KAP_TRAINING, BLS, ACLS, SUPERVISION_AGREEMENT or OTHER.' }) kind!: string | null;
  @Field(() => String, { nullable: true }) issuer!: string | null;
  @Field(() => String, { nullable: true }) number!: string | null;
  @Field(() => String, { nullable: true, description: 'US state code, e.g. CA.' }) jurisdiction!: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD.' }) issuedOn!: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; valid through this date in the clinic.' }) expiresOn!: string | null;
  @Field(() => Float, { nullable: true }) hours!: number | null;
  @Field(() => [String], { nullable: true, description: 'Training modules covered (the seven of docs/credentials.md).' }) modules!: string[] | null;
  @Field(() => String, { nullable: true, description: 'Other modules, in free text.' }) otherModules!: string | null;
  @Field(() => String, { nullable: true, description: 'Where the document is kept (a reference, not the document).' }) documentRef!: string | null;
  @Field(() => Boolean, { nullable: true }) verified!: boolean | null;
  @Field(() => ID, { nullable: true }) verifiedBy!: string | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) verifiedAt!: Date | null;
}

@InputType('CredentialInput')
export class CredentialInputType {
  @Field(() => String, { description: 'LICENSE, DEA_REGISTRATION, KAP_TRAINING, BLS, ACLS, SUPERVISION_AGREEMENT or OTHER.' }) kind!: string;
  @Field(() => String, { nullable: true }) issuer?: string | null;
  @Field(() => String, { nullable: true, description: 'Required for LICENSE (in the state’s format) and DEA_REGISTRATION.' }) number?: string | null;
  @Field(() => String, { nullable: true, description: 'US state code; required for LICENSE.' }) jurisdiction?: string | null;
  @Field(() => String, { description: 'YYYY-MM-DD.' }) issuedOn!: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, after issuedOn.' }) expiresOn?: string | null;
  @Field(() => Float, { nullable: true, description: 'More than 0, at most 2000; required for KAP_TRAINING.' }) hours?: number | null;
  @Field(() => [String], { nullable: true }) modules?: string[] | null;
  @Field(() => String, { nullable: true }) otherModules?: string | null;
  @Field(() => String, { nullable: true }) documentRef?: string | null;
}

@Resolver()
export class CredentialResolver {
  constructor(private readonly service: CredentialService) {}

  @Query(() => [CredentialType], { description: 'Your own credentials.' })
  @Authorize('read', 'Credential')
  myCredentials(@Ctx() { ctx }: ResolverContext) {
    return this.service.mine(ctx);
  }

  @Query(() => [CredentialType], { description: 'A member’s credentials (admins).' })
  @Authorize('verify', 'Credential')
  memberCredentials(@Ctx() { ctx }: ResolverContext, @Arg('membershipId', () => ID) membershipId: string) {
    return this.service.ofMember(ctx, membershipId);
  }

  @Mutation(() => CredentialType, { description: 'Adds a credential of your own, unverified. Bad input: BAD_USER_INPUT with extensions.field.' })
  @Authorize('create', 'Credential')
  addCredential(@Ctx() { ctx }: ResolverContext, @Arg('input', () => CredentialInputType) input: CredentialInputType, @IdempotencyKey() _idempotencyKey?: string) {
    return this.service.add(ctx, input);
  }

  @Mutation(() => CredentialType, { description: 'Corrects your own credential; its verification is cleared.' })
  @Authorize('update', 'Credential')
  updateCredential(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string, @Arg('input', () => CredentialInputType) input: CredentialInputType) {
    return this.service.update(ctx, id, input);
  }

  @Mutation(() => CredentialType, { description: 'An admin vouches for a credential; one’s own: FORBIDDEN.' })
  @Authorize('verify', 'Credential')
  verifyCredential(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string) {
    return this.service.verify(ctx, id);
  }
}
