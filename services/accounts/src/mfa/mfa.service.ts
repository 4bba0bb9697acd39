import { BadUserInputError, ConflictError, UnauthenticatedError, newId } from '@tandem/core';
import type { RequestContext, UserPrincipal } from '@tandem/core';
import type { EntityManager } from '@tandem/db';
import type { AccountsDeps } from '../shared/deps';
import { findUserAcrossClinics } from '../sessions/memberships-of-user';
import { openSession } from '../sessions/session-store';
import type { SessionTokens } from '../sessions/session-store';
import { SignInThrottle } from '../sessions/sign-in-throttle';
import { acceptedStep, hashRecoveryCode, newRecoveryCodes, newTotpSecret, otpauthUri } from './totp';

export interface MfaEnrolment {
  readonly secret: string;
  readonly otpauthUri: string;
}

interface MfaRow {
  email: string;
  mfa_secret_encrypted: string | null;
  mfa_enabled_at: Date | null;
  mfa_last_step: string | null;
}

/** TOTP enrolment, confirmation with recovery codes, and the second step of sign-in. */
export class MfaService {
  private readonly throttle: SignInThrottle;

  constructor(private readonly deps: AccountsDeps) {
    this.throttle = new SignInThrottle(deps.redis, deps.redisPrefix, 'mfa');
  }

  async startEnrolment(ctx: RequestContext, principal: UserPrincipal): Promise<MfaEnrolment> {
    const secret = newTotpSecret();
    const email = await this.deps.db.withTenant(ctx, async (m) => {
      const user = await loadMfa(m, principal.userId);
      if (user.mfa_enabled_at) throw new ConflictError('MFA is already enabled for this account');
      await m.query(`UPDATE app_user SET mfa_secret_encrypted = $2, updated_at = now() WHERE id = $1`, [principal.userId, this.deps.secrets.seal(secret)]);
      return user.email;
    });
    return { secret, otpauthUri: otpauthUri(secret, email) };
  }

  /** Turns MFA on with a first valid code; returns ten recovery codes, shown only now. */
  async confirmEnrolment(ctx: RequestContext, principal: UserPrincipal, code: string): Promise<string[]> {
    const codes = newRecoveryCodes();
    await this.deps.db.withTenant(ctx, async (m) => {
      const user = await loadMfa(m, principal.userId);
      if (user.mfa_enabled_at) throw new ConflictError('MFA is already enabled for this account');
      if (!user.mfa_secret_encrypted) throw new ConflictError('Start MFA enrolment first');
      const step = acceptedStep(this.deps.secrets.open(user.mfa_secret_encrypted), code, ctx.clock.now());
      if (step === null) throw new BadUserInputError('code', 'That code is not valid');
      await m.query(`UPDATE app_user SET mfa_enabled_at = $2, mfa_last_step = $3, updated_at = now() WHERE id = $1`, [principal.userId, ctx.clock.now(), step]);
      await m.query(`DELETE FROM mfa_recovery_code WHERE user_id = $1`, [principal.userId]);
      for (const recovery of codes) {
        await m.query(`INSERT INTO mfa_recovery_code (id, user_id, code_hash) VALUES ($1, $2, $3)`, [newId(), principal.userId, hashRecoveryCode(recovery)]);
      }
      // This session has now proved the second factor.
      await m.query(`UPDATE auth_session SET mfa_verified = true WHERE id = $1`, [principal.sessionId]);
    });
    return codes;
  }

  /** The second step of sign-in: a TOTP code or an unused recovery code. */
  async verify(ctx: RequestContext, challengeToken: string, proof: { code?: string | null; recoveryCode?: string | null }): Promise<SessionTokens> {
    const challenge = await this.deps.tokens.verifyMfaChallenge(challengeToken, ctx.clock.now());
    if (!challenge) throw new UnauthenticatedError('Invalid or expired MFA challenge');
    await this.throttle.assertAllowed(challenge.userId, ctx.client.ip);
    const user = await findUserAcrossClinics(this.deps.db, 'sign-in', { userId: challenge.userId });
    const membership = user?.memberships.find((ms) => ms.tenantId === challenge.tenantId);
    if (!user || !membership) throw new UnauthenticatedError('This account has no active membership in that clinic');
    const scope = { tenantId: membership.tenantId, userId: user.userId };
    const tokens = await this.deps.db.withTenant(scope, async (m) => {
      if (!(await this.proofHolds(m, ctx, user.userId, proof))) return null;
      return openSession(this.deps, m, { ...membership, userId: user.userId, mfaVerified: true });
    });
    if (!tokens) {
      await this.throttle.recordFailure(challenge.userId, ctx.client.ip);
      throw new UnauthenticatedError('That code is not valid');
    }
    await this.throttle.clear(challenge.userId);
    return tokens;
  }

  private async proofHolds(m: EntityManager, ctx: RequestContext, userId: string, proof: { code?: string | null; recoveryCode?: string | null }): Promise<boolean> {
    if (proof.recoveryCode) {
      // TypeORM answers an UPDATE with [rows, affected].
      const [, used] = await m.query<[unknown, number]>(`UPDATE mfa_recovery_code SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`, [
        userId,
        hashRecoveryCode(proof.recoveryCode),
        ctx.clock.now(),
      ]);
      return used > 0;
    }
    const user = await loadMfa(m, userId);
    if (!user.mfa_enabled_at || !user.mfa_secret_encrypted || !proof.code) return false;
    const step = acceptedStep(this.deps.secrets.open(user.mfa_secret_encrypted), proof.code, ctx.clock.now());
    // A code is good once: a step at or before the last accepted one is a replay.
    if (step === null || (user.mfa_last_step !== null && step <= Number(user.mfa_last_step))) return false;
    await m.query(`UPDATE app_user SET mfa_last_step = $2 WHERE id = $1`, [userId, step]);
    return true;
  }
}

async function loadMfa(m: EntityManager, userId: string): Promise<MfaRow> {
  const [row] = await m.query<MfaRow[]>(`SELECT email, mfa_secret_encrypted, mfa_enabled_at, mfa_last_step FROM app_user WHERE id = $1 FOR UPDATE`, [userId]);
  if (!row) throw new UnauthenticatedError();
  return row;
}
