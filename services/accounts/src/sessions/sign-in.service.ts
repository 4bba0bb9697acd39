import { UnauthenticatedError } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import { decoyPasswordHash, passwordMatches } from '../identity/passwords';
import type { AccountsDeps } from '../shared/deps';
import { findUserAcrossClinics } from './memberships-of-user';
import type { ActiveMembership, UserAcrossClinics } from './memberships-of-user';
import { openSession } from './session-store';
import type { SessionTokens } from './session-store';
import { SignInThrottle } from './sign-in-throttle';

export interface SignInInput {
  readonly email: string;
  readonly password: string;
  /** The clinic's slug; defaults to the user's first clinic. */
  readonly clinic?: string | null;
}

export type SignInOutcome =
  | { readonly kind: 'signed-in'; readonly tokens: SessionTokens; readonly clinics: readonly ActiveMembership[] }
  | { readonly kind: 'mfa-required'; readonly challengeToken: string; readonly clinics: readonly ActiveMembership[] };

// One message for every failure, whether or not the e-mail exists.
const GENERIC_FAILURE = 'Invalid e-mail or password';

export class SignInService {
  private readonly throttle: SignInThrottle;

  constructor(private readonly deps: AccountsDeps) {
    this.throttle = new SignInThrottle(deps.redis, deps.redisPrefix);
  }

  async signIn(ctx: RequestContext, input: SignInInput): Promise<SignInOutcome> {
    const email = input.email.trim().toLowerCase();
    await this.throttle.assertAllowed(email, ctx.client.ip);
    const user = await this.verifiedUser(email, input.password);
    if (!user) {
      await this.throttle.recordFailure(email, ctx.client.ip);
      throw new UnauthenticatedError(GENERIC_FAILURE);
    }
    await this.throttle.clear(email);
    const membership = chooseClinic(user, input.clinic);
    if (user.mfaEnabled) {
      const challengeToken = await this.deps.tokens.signMfaChallenge({ userId: user.userId, tenantId: membership.tenantId }, this.deps.clock.now());
      return { kind: 'mfa-required', challengeToken, clinics: user.memberships };
    }
    const tokens = await this.deps.db.withTenant({ tenantId: membership.tenantId, userId: user.userId }, (manager) =>
      openSession(this.deps, manager, { ...membership, userId: user.userId, mfaVerified: false }),
    );
    return { kind: 'signed-in', tokens, clinics: user.memberships };
  }

  /** The user if the password is right; the same work (one argon2 verify) either way. */
  private async verifiedUser(email: string, password: string): Promise<UserAcrossClinics | null> {
    const user = email.length <= 254 ? await findUserAcrossClinics(this.deps.db, 'sign-in', { email }) : null;
    const matches = await passwordMatches(user?.passwordHash ?? (await decoyPasswordHash()), password);
    return user && matches ? user : null;
  }
}

export function chooseClinic(user: UserAcrossClinics, slug: string | null | undefined): ActiveMembership {
  const membership = slug ? user.memberships.find((m) => m.slug === slug) : user.memberships[0];
  if (!membership) throw new UnauthenticatedError(slug ? 'You have no active membership in that clinic' : 'This account has no active clinic membership');
  return membership;
}
