import { Authorize, Public } from '@tandem/authz';
import type { ResolverContext } from '@tandem/authz';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { MfaService } from '../mfa/mfa.service';
import type { SessionTokens } from '../sessions/session-store';
import type { SessionService } from '../sessions/session.service';
import type { SignInService } from '../sessions/sign-in.service';
import { SignInInput, VerifyMfaInput } from './inputs';
import { signedInUser } from './principal';
import { SessionTokensType, SignInResultType, ViewerType } from './types';

export function tokensView(tokens: SessionTokens): SessionTokensType {
  return { ...tokens, clinicId: tokens.tenantId };
}

@Resolver()
export class SessionResolver {
  constructor(
    private readonly signIns: SignInService,
    private readonly sessions: SessionService,
    private readonly mfa: MfaService,
  ) {}

  @Mutation(() => SignInResultType)
  @Public('signing in is how a caller gets credentials')
  async signIn(@Ctx() { ctx }: ResolverContext, @Arg('input', () => SignInInput) input: SignInInput): Promise<SignInResultType> {
    const outcome = await this.signIns.signIn(ctx, input);
    const clinics = outcome.clinics.map((c) => ({ id: c.tenantId, slug: c.slug, name: c.name }));
    return outcome.kind === 'signed-in'
      ? { tokens: tokensView(outcome.tokens), mfaRequired: false, mfaChallengeToken: null, clinics }
      : { tokens: null, mfaRequired: true, mfaChallengeToken: outcome.challengeToken, clinics };
  }

  @Mutation(() => SessionTokensType, { description: 'The second step of sign-in when MFA is on.' })
  @Public('the MFA challenge token is the credential')
  async verifyMfa(@Ctx() { ctx }: ResolverContext, @Arg('input', () => VerifyMfaInput) input: VerifyMfaInput) {
    return tokensView(await this.mfa.verify(ctx, input.challengeToken, input));
  }

  @Mutation(() => SessionTokensType, { description: 'Exchanges a refresh token (once) for a new pair.' })
  @Public('the refresh token is the credential')
  async refreshSession(@Arg('refreshToken', () => String) refreshToken: string) {
    return tokensView(await this.sessions.refresh(refreshToken));
  }

  @Mutation(() => Boolean, { description: 'Ends this session at once.' })
  @Authorize('revoke', 'Session')
  async signOut(@Ctx() { ctx }: ResolverContext) {
    await this.sessions.signOut(ctx, signedInUser(ctx));
    return true;
  }

  @Mutation(() => SessionTokensType, { description: 'Tokens for another of your clinics.' })
  @Authorize('read', 'User')
  async switchTenant(@Ctx() { ctx }: ResolverContext, @Arg('clinic', () => String) clinic: string) {
    return tokensView(await this.sessions.switchTenant(ctx, signedInUser(ctx), clinic));
  }

  @Query(() => ViewerType)
  @Authorize('read', 'User')
  viewer(@Ctx() { ctx }: ResolverContext): ViewerType {
    const user = signedInUser(ctx);
    return { ...user, clinicId: user.tenantId, roles: [...user.roles] as ViewerType['roles'] };
  }
}
