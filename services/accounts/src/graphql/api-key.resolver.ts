import { Authorize } from '@tandem/authz';
import type { ResolverContext } from '@tandem/authz';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { ApiKeyService } from '../api-keys/api-key.service';
import { PageInput, toConnection } from '@tandem/graphql';
import { CreateApiKeyInput } from './inputs';
import { signedInUser } from './principal';
import { ApiKeyConnection, ApiKeyType, CreatedApiKeyType } from './types';

@Resolver(() => ApiKeyType)
export class ApiKeyResolver {
  constructor(private readonly keys: ApiKeyService) {}

  @Query(() => ApiKeyConnection)
  @Authorize('read', 'ApiKey')
  async apiKeys(@Ctx() { ctx }: ResolverContext, @Arg('page', () => PageInput) page: PageInput) {
    return toConnection(await this.keys.list(ctx, page));
  }

  @Mutation(() => CreatedApiKeyType, { description: 'Admins: a partner key for this clinic; the secret is shown once.' })
  @Authorize('create', 'ApiKey')
  createApiKey(@Ctx() { ctx }: ResolverContext, @Arg('input', () => CreateApiKeyInput) input: CreateApiKeyInput) {
    return this.keys.create(ctx, signedInUser(ctx).membershipId, input);
  }

  @Mutation(() => CreatedApiKeyType, { description: 'Admins: a new secret; the old one stops working at once.' })
  @Authorize('rotate', 'ApiKey')
  rotateApiKey(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string) {
    return this.keys.rotate(ctx, signedInUser(ctx).membershipId, id);
  }

  @Mutation(() => ApiKeyType)
  @Authorize('revoke', 'ApiKey')
  revokeApiKey(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string) {
    return this.keys.revoke(ctx, id);
  }
}
