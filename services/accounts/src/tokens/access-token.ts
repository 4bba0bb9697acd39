import { SignJWT, jwtVerify } from 'jose';

/**
 * Short-lived JWTs (HS256, 15 minutes) bound to one tenant and one session. They are checked
 * against the session row on every request, so signing out, deactivation and role changes take
 * effect at once. Only HS256 is accepted: `alg: none` and algorithm confusion fail verification.
 */
export const ACCESS_TOKEN_SECONDS = 15 * 60;
export const MFA_CHALLENGE_SECONDS = 5 * 60;

const ISSUER = 'tandem';
const AUDIENCE = 'tandem-api';

export interface AccessClaims {
  readonly userId: string;
  readonly tenantId: string;
  readonly sessionId: string;
}

export interface MfaChallengeClaims {
  readonly userId: string;
  readonly tenantId: string;
}

type Purpose = 'access' | 'mfa-challenge';

export class TokenSigner {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  signAccess(claims: AccessClaims, now: Date): Promise<string> {
    return this.sign('access', { tid: claims.tenantId, sid: claims.sessionId }, claims.userId, now, ACCESS_TOKEN_SECONDS);
  }

  signMfaChallenge(claims: MfaChallengeClaims, now: Date): Promise<string> {
    return this.sign('mfa-challenge', { tid: claims.tenantId }, claims.userId, now, MFA_CHALLENGE_SECONDS);
  }

  async verifyAccess(token: string, now: Date): Promise<AccessClaims | null> {
    const payload = await this.verify(token, 'access', now);
    if (!payload || typeof payload.sid !== 'string') return null;
    return { userId: payload.sub, tenantId: payload.tid, sessionId: payload.sid };
  }

  async verifyMfaChallenge(token: string, now: Date): Promise<MfaChallengeClaims | null> {
    const payload = await this.verify(token, 'mfa-challenge', now);
    return payload ? { userId: payload.sub, tenantId: payload.tid } : null;
  }

  private sign(purpose: Purpose, claims: Record<string, string>, subject: string, now: Date, seconds: number): Promise<string> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    return new SignJWT({ ...claims, pur: purpose })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(subject)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + seconds)
      .sign(this.key);
  }

  private async verify(token: string, purpose: Purpose, now: Date): Promise<{ sub: string; tid: string; sid?: unknown } | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE, currentDate: now });
      if (payload.pur !== purpose || typeof payload.sub !== 'string' || typeof payload.tid !== 'string') return null;
      return { sub: payload.sub, tid: payload.tid, sid: payload.sid };
    } catch {
      return null;
    }
  }
}
