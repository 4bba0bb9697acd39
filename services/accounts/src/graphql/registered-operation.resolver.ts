import { Authorize } from '@tandem/authz';
import type { ResolverContext } from '@tandem/authz';
import { PageInput, toConnection } from '@tandem/graphql';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { RegisteredOperationService } from '../operations/registered-operation.service';
import { signedInUser } from './principal';
import { RegisterOperationInput, RegisteredOperationConnection, RegisteredOperationType } from './registered-operation.types';

@Resolver(() => RegisteredOperationType)
export class RegisteredOperationResolver {
  constructor(private readonly operations: RegisteredOperationService) {}

  @Query(() => RegisteredOperationConnection)
  @Authorize('read', 'RegisteredOperation')
  async registeredOperations(@Ctx() { ctx }: ResolverContext, @Arg('page', () => PageInput) page: PageInput) {
    return toConnection(await this.operations.list(ctx, page));
  }

  @Mutation(() => RegisteredOperationType, { description: "Admins: allows partner keys to run this exact operation (see the clinic's api settings)." })
  @Authorize('create', 'RegisteredOperation')
  registerOperation(@Ctx() { ctx }: ResolverContext, @Arg('input', () => RegisterOperationInput) input: RegisterOperationInput) {
    return this.operations.register(ctx, signedInUser(ctx).membershipId, input);
  }

  @Mutation(() => ID, { description: 'Admins: partner keys may no longer run this operation. Answers the id removed.' })
  @Authorize('revoke', 'RegisteredOperation')
  async unregisterOperation(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string) {
    await this.operations.unregister(ctx, id);
    return id;
  }
}
