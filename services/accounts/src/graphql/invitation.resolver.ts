import { Authorize, Public } from '@tandem/authz';
import type { ResolverContext } from '@tandem/authz';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { AcceptInvitationService } from '../invitations/accept-invitation.service';
import type { InvitationService } from '../invitations/invitation.service';
import { PageInput, toConnection } from '@tandem/graphql';
import { AcceptInvitationInput, InviteMemberInput } from './inputs';
import { signedInUser } from './principal';
import { tokensView } from './session.resolver';
import { CreatedInvitationType, InvitationConnection, InvitationType, SessionTokensType } from './types';

@Resolver(() => InvitationType)
export class InvitationResolver {
  constructor(
    private readonly invitationService: InvitationService,
    private readonly acceptance: AcceptInvitationService,
  ) {}

  @Query(() => InvitationConnection)
  @Authorize('read', 'Invitation')
  async invitations(@Ctx() { ctx }: ResolverContext, @Arg('page', () => PageInput) page: PageInput) {
    return toConnection(await this.invitationService.list(ctx, page));
  }

  @Mutation(() => CreatedInvitationType, { description: 'Admins: invites an e-mail; the token is single-use and lasts seven days.' })
  @Authorize('create', 'Invitation')
  inviteMember(@Ctx() { ctx }: ResolverContext, @Arg('input', () => InviteMemberInput) input: InviteMemberInput) {
    return this.invitationService.invite(ctx, signedInUser(ctx).membershipId, input);
  }

  @Mutation(() => InvitationType)
  @Authorize('revoke', 'Invitation')
  revokeInvitation(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string) {
    return this.invitationService.revoke(ctx, id);
  }

  @Mutation(() => SessionTokensType, { description: 'Joins the clinic (creating your account if needed) and signs you in.' })
  @Public('the invitation token is the credential')
  async acceptInvitation(@Ctx() { ctx }: ResolverContext, @Arg('input', () => AcceptInvitationInput) input: AcceptInvitationInput) {
    return tokensView(await this.acceptance.accept(ctx, input));
  }
}
