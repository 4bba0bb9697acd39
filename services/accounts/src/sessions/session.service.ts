import { UnauthenticatedError } from '@tandem/core';
import type { RequestContext, UserPrincipal } from '@tandem/core';
import type { AccountsDeps } from '../shared/deps';
import { effectiveSettings } from '../tenants/tenant-settings';
import { parseOpaqueToken, secretMatches } from '../tokens/opaque-token';
import { findUserAcrossClinics } from './memberships-of-user';
import { idleExpiry, issueTokens, openSession, revokeSession } from './session-store';
import type { SessionTokens } from './session-store';
import { chooseClinic } from './sign-in.service';

interface RefreshRow {
  session_id: string;
  secret_hash: Buffer;
  rotated_at: Date | null;
  user_id: string;
  revoked_at: Date | null;
  idle_expires_at: Date;
  expires_at: Date;
  membership_status: string;
  settings: unknown;
}

/** Refresh-token rotation with reuse detection, sign-out, and switching clinics. */
export class SessionService {
  constructor(private readonly deps: AccountsDeps) {}

  /**
   * Exchanges a refresh token for a new pair. A token that was already exchanged means it was
   * copied: the whole session is revoked (the thief's and the owner's tokens alike).
   */
  async refresh(refreshToken: string): Promise<SessionTokens> {
    const parsed = parseOpaqueToken(refreshToken, 'tdmr');
    if (!parsed) throw new UnauthenticatedError('Invalid refresh token');
    const now = this.deps.clock.now();
    const outcome = await this.deps.db.withTenant({ tenantId: parsed.tenantId }, async (m) => {
      const [row] = await m.query<RefreshRow[]>(
        `SELECT rt.session_id, rt.secret_hash, rt.rotated_at, s.user_id, s.revoked_at, s.idle_expires_at, s.expires_at,
                ms.status AS membership_status, t.settings
         FROM refresh_token rt
         JOIN auth_session s ON s.tenant_id = rt.tenant_id AND s.id = rt.session_id
         JOIN membership ms ON ms.tenant_id = s.tenant_id AND ms.id = s.membership_id
         JOIN tenant t ON t.id = rt.tenant_id
         WHERE rt.id = $1
         FOR UPDATE OF rt, s`,
        [parsed.id],
      );
      if (!row || !secretMatches(parsed.secret, row.secret_hash)) return 'invalid' as const;
      if (row.rotated_at) {
        await revokeSession(m, row.session_id, 'REFRESH_TOKEN_REUSED', now);
        return 'reused' as const;
      }
      if (row.revoked_at || row.membership_status !== 'ACTIVE' || now >= row.expires_at || now >= row.idle_expires_at) return 'ended' as const;
      await m.query(`UPDATE refresh_token SET rotated_at = $2 WHERE id = $1`, [parsed.id, now]);
      await m.query(`UPDATE auth_session SET last_seen_at = $2, idle_expires_at = $3 WHERE id = $1`, [row.session_id, now, idleExpiry(now, effectiveSettings(row.settings))]);
      return issueTokens(this.deps, m, { tenantId: parsed.tenantId, userId: row.user_id, sessionId: row.session_id, sessionExpiresAt: row.expires_at });
    });
    if (typeof outcome === 'string') {
      if (outcome === 'reused') this.deps.log.warn({ tenantId: parsed.tenantId, refreshTokenId: parsed.id }, 'refresh token reused: session revoked');
      throw new UnauthenticatedError(outcome === 'ended' ? 'Session has ended' : 'Invalid refresh token');
    }
    return outcome;
  }

  async signOut(ctx: RequestContext, principal: UserPrincipal): Promise<void> {
    await this.deps.db.withTenant(ctx, (m) => revokeSession(m, principal.sessionId, 'SIGNED_OUT', ctx.clock.now()));
  }

  /** New tokens for another of the user's clinics; MFA passed in this session carries over. */
  async switchTenant(ctx: RequestContext, principal: UserPrincipal, slug: string): Promise<SessionTokens> {
    const user = await findUserAcrossClinics(this.deps.db, 'tenant-switch', { userId: principal.userId });
    if (!user) throw new UnauthenticatedError();
    const target = chooseClinic(user, slug);
    const mfaVerified = user.mfaEnabled && (await this.sessionPassedMfa(ctx, principal));
    return this.deps.db.withTenant({ tenantId: target.tenantId, userId: user.userId }, (m) =>
      openSession(this.deps, m, { ...target, userId: user.userId, mfaVerified }),
    );
  }

  private async sessionPassedMfa(ctx: RequestContext, principal: UserPrincipal): Promise<boolean> {
    const [row] = await this.deps.db.withTenant(ctx, (m) => m.query<{ mfa_verified: boolean }[]>(`SELECT mfa_verified FROM auth_session WHERE id = $1`, [principal.sessionId]));
    return row?.mfa_verified ?? false;
  }
}
