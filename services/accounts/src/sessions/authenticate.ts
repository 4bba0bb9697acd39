import { UnauthenticatedError } from '@tandem/core';
import type { ClinicRole, PartnerPrincipal, UserPrincipal } from '@tandem/core';
import type { AccountsDeps } from '../shared/deps';
import { effectiveSettings } from '../tenants/tenant-settings';
import { parseOpaqueToken, secretMatches } from '../tokens/opaque-token';
import { idleExpiry, mfaRequired } from './session-store';

interface SessionRow {
  user_id: string;
  membership_id: string;
  mfa_verified: boolean;
  last_seen_at: Date;
  idle_expires_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  roles: ClinicRole[];
  outside_collaborator: boolean;
  membership_status: string;
  platform_admin: boolean;
  settings: unknown;
  emergency_case_ids: string[];
}

// Sliding the idle expiry costs a write; once a minute is precise enough for a 30-minute logoff.
const TOUCH_AFTER_MS = 60_000;

/**
 * Turns a bearer credential into a principal, checking the session (or key) row on every
 * request: a revoked session, a deactivated member or a changed role takes effect at once.
 * Every failure is the same UNAUTHENTICATED.
 */
export class Authenticator {
  constructor(private readonly deps: AccountsDeps) {}

  /**
   * `requestTransaction`: the request's shared transaction (packages/db, `Database.openRequest`),
   * which the credential's read then begins, so that BEGIN travels with it.
   */
  async authenticate(bearer: string, requestTransaction?: unknown): Promise<UserPrincipal | PartnerPrincipal> {
    return bearer.startsWith('tdmk_') ? this.apiKey(bearer, requestTransaction) : this.accessToken(bearer, requestTransaction);
  }

  private async accessToken(token: string, requestTransaction: unknown): Promise<UserPrincipal> {
    const now = this.deps.clock.now();
    const claims = await this.deps.tokens.verifyAccess(token, now);
    if (!claims) throw new UnauthenticatedError('Invalid or expired access token');
    return this.deps.db.withTenant({ tenantId: claims.tenantId, userId: claims.userId, requestTransaction }, async (m) => {
      const [row] = await m.query<SessionRow[]>(
        `SELECT s.user_id, s.membership_id, s.mfa_verified, s.last_seen_at, s.idle_expires_at, s.expires_at, s.revoked_at,
                ms.roles, ms.outside_collaborator, ms.status AS membership_status, u.platform_admin, t.settings,
                -- Emergency grants ride on this statement so a request pays nothing extra; "now" is the clock's.
                COALESCE((SELECT array_agg(DISTINCT e.case_id) FROM emergency_access e
                          WHERE e.tenant_id = s.tenant_id AND e.membership_id = s.membership_id AND e.expires_at > $2), '{}') AS emergency_case_ids
         FROM auth_session s
         JOIN membership ms ON ms.tenant_id = s.tenant_id AND ms.id = s.membership_id
         JOIN app_user u ON u.id = s.user_id
         JOIN tenant t ON t.id = s.tenant_id
         WHERE s.id = $1`,
        [claims.sessionId, now],
      );
      if (!row || row.user_id !== claims.userId || !isLive(row, now)) throw new UnauthenticatedError('Session has ended');
      const settings = effectiveSettings(row.settings);
      if (now.getTime() - row.last_seen_at.getTime() > TOUCH_AFTER_MS) {
        await m.query(`UPDATE auth_session SET last_seen_at = $2, idle_expires_at = $3 WHERE id = $1`, [claims.sessionId, now, idleExpiry(now, settings)]);
      }
      return {
        kind: 'user',
        userId: claims.userId,
        tenantId: claims.tenantId,
        sessionId: claims.sessionId,
        membershipId: row.membership_id,
        roles: row.roles,
        outsideCollaborator: row.outside_collaborator,
        platformAdmin: row.platform_admin,
        mfaSatisfied: row.mfa_verified || !mfaRequired(settings, row.roles),
        emergencyCaseIds: row.emergency_case_ids,
      };
    });
  }

  private async apiKey(token: string, requestTransaction: unknown): Promise<PartnerPrincipal> {
    const parsed = parseOpaqueToken(token, 'tdmk');
    if (!parsed) throw new UnauthenticatedError('Invalid API key');
    const now = this.deps.clock.now();
    return this.deps.db.withTenant({ tenantId: parsed.tenantId, requestTransaction }, async (m) => {
      const [key] = await m.query<{ secret_hash: Buffer; scopes: string[]; revoked_at: Date | null; expires_at: Date | null; last_used_at: Date | null; settings: unknown }[]>(
        `SELECT k.secret_hash, k.scopes, k.revoked_at, k.expires_at, k.last_used_at, t.settings
         FROM api_key k JOIN tenant t ON t.id = k.tenant_id WHERE k.id = $1`,
        [parsed.id],
      );
      const valid = key && secretMatches(parsed.secret, key.secret_hash) && !key.revoked_at && (!key.expires_at || key.expires_at > now);
      if (!key || !valid) throw new UnauthenticatedError('Invalid API key');
      if (!key.last_used_at || now.getTime() - key.last_used_at.getTime() > TOUCH_AFTER_MS) {
        await m.query(`UPDATE api_key SET last_used_at = $2 WHERE id = $1`, [parsed.id, now]);
      }
      const registeredOperationsOnly = effectiveSettings(key.settings).api.partnerKeysRegisteredOperationsOnly;
      return { kind: 'partner', apiKeyId: parsed.id, tenantId: parsed.tenantId, scopes: key.scopes, registeredOperationsOnly };
    });
  }
}

function isLive(row: SessionRow, now: Date): boolean {
  return !row.revoked_at && row.membership_status === 'ACTIVE' && now < row.expires_at && now < row.idle_expires_at;
}
