import { SignJWT, jwtVerify } from 'jose';
import type { JWTHeaderParameters } from 'jose';
import { LEGACY_KID } from '@tandem/core';
import type { TokenSigningKey } from '@tandem/core';

/**
 * Short-lived JWTs (HS256, 15 minutes) bound to one tenant and one session. They are checked
 * against the session row on every request, so signing out, deactivation and role changes take
 * effect at once. Only HS256 is accepted: `alg: none` and algorithm confusion fail verification.
 * Keys rotate (AUTH_TOKEN_KEYS): the first key signs and names itself in the header's `kid`;
 * every listed key verifies the tokens carrying its kid, and an unknown kid is refused. A token
 * without a kid (signed before keys had ids) is checked against the key "default" only.
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
  private readonly signing: { readonly kid: string; readonly key: Uint8Array };
  private readonly verifying: ReadonlyMap<string, Uint8Array>;

  constructor(keys: readonly TokenSigningKey[]) {
    const first = keys[0];
    if (!first) throw new Error('TokenSigner needs at least one key');
    const encoded = keys.map((key) => [key.kid, new TextEncoder().encode(key.secret)] as const);
    this.verifying = new Map(encoded);
    this.signing = { kid: first.kid, key: encoded[0]?.[1] ?? new Uint8Array() };
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
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: this.signing.kid })
      .setSubject(subject)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + seconds)
      .sign(this.signing.key);
  }

  private async verify(token: string, purpose: Purpose, now: Date): Promise<{ sub: string; tid: string; sid?: unknown } | null> {
    try {
      const { payload } = await jwtVerify(token, (header) => this.keyFor(header), { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE, currentDate: now });
      if (payload.pur !== purpose || typeof payload.sub !== 'string' || typeof payload.tid !== 'string') return null;
      return { sub: payload.sub, tid: payload.tid, sid: payload.sid };
    } catch {
      return null;
    }
  }

  /** The key a token names; throwing makes jose refuse the token (caught above as invalid). */
  private keyFor(header: JWTHeaderParameters): Uint8Array {
    const key = this.verifying.get(header.kid ?? LEGACY_KID);
    if (!key) throw new Error('unknown signing key');
    return key;
  }
}
