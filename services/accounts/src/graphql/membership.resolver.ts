import { Authorize } from '@tandem/authz';
import type { ResolverContext } from '@tandem/authz';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { MembershipService } from '../members/membership.service';
import { PageInput, toConnection } from '@tandem/graphql';
import { ClinicRoleEnum, MembershipConnection, MembershipType } from './types';

@Resolver(() => MembershipType)
export class MembershipResolver {
  constructor(private readonly memberService: MembershipService) {}

  @Query(() => MembershipConnection, { description: 'Members you may see, oldest first.' })
  @Authorize('read', 'Membership')
  async members(@Ctx() { ctx }: ResolverContext, @Arg('page', () => PageInput) page: PageInput) {
    return toConnection(await this.memberService.list(ctx, page));
  }

  @Query(() => MembershipType)
  @Authorize('read', 'Membership')
  member(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string) {
    return this.memberService.get(ctx, id);
  }

  @Mutation(() => MembershipType, { description: "Admins: another member's roles; effective on their next request." })
  @Authorize('update', 'Membership')
  changeMemberRoles(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string, @Arg('roles', () => [ClinicRoleEnum]) roles: ClinicRoleEnum[]) {
    return this.memberService.changeRoles(ctx, id, roles);
  }

  @Mutation(() => MembershipType, { description: 'Admins: ends the membership and every session of it at once.' })
  @Authorize('deactivate', 'Membership')
  deactivateMember(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string) {
    return this.memberService.deactivate(ctx, id);
  }
}
