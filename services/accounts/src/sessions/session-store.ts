import { newId } from '@tandem/core';
import type { EntityManager } from '@tandem/db';
import type { TenantSettings } from '../tenants/tenant-settings';
import { ACCESS_TOKEN_SECONDS } from '../tokens/access-token';
import { mintOpaqueToken } from '../tokens/opaque-token';
import type { AccountsDeps } from '../shared/deps';

/** What a client receives on sign-in, refresh, MFA verification, tenant switch and acceptance. */
export interface SessionTokens {
  readonly accessToken: string;
  readonly accessTokenExpiresAt: Date;
  readonly refreshToken: string;
  readonly sessionExpiresAt: Date;
  readonly tenantId: string;
}

export interface NewSession {
  readonly tenantId: string;
  readonly userId: string;
  readonly membershipId: string;
  readonly mfaVerified: boolean;
  readonly settings: TenantSettings;
}

/**
 * Opens a session (idle and absolute expiry from the clinic's settings: HIPAA automatic
 * logoff) with its first refresh token, inside the caller's tenant-scoped transaction.
 */
export async function openSession(deps: AccountsDeps, manager: EntityManager, session: NewSession): Promise<SessionTokens> {
  const now = deps.clock.now();
  const sessionId = newId();
  const expiresAt = new Date(now.getTime() + session.settings.session.absoluteTimeoutHours * 3_600_000);
  await manager.query(
    `INSERT INTO auth_session (tenant_id, id, membership_id, user_id, mfa_verified, created_at, last_seen_at, idle_expires_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8)`,
    [session.tenantId, sessionId, session.membershipId, session.userId, session.mfaVerified, now, idleExpiry(now, session.settings), expiresAt],
  );
  return issueTokens(deps, manager, { tenantId: session.tenantId, userId: session.userId, sessionId, sessionExpiresAt: expiresAt });
}

/** A fresh access token and a new refresh token for an existing session. */
export async function issueTokens(
  deps: AccountsDeps,
  manager: EntityManager,
  session: { tenantId: string; userId: string; sessionId: string; sessionExpiresAt: Date },
): Promise<SessionTokens> {
  const now = deps.clock.now();
  const refreshId = newId();
  const refresh = mintOpaqueToken('tdmr', session.tenantId, refreshId);
  await manager.query(`INSERT INTO refresh_token (tenant_id, id, session_id, secret_hash, created_at) VALUES ($1, $2, $3, $4, $5)`, [
    session.tenantId,
    refreshId,
    session.sessionId,
    refresh.secretHash,
    now,
  ]);
  return {
    accessToken: await deps.tokens.signAccess({ userId: session.userId, tenantId: session.tenantId, sessionId: session.sessionId }, now),
    accessTokenExpiresAt: new Date(now.getTime() + ACCESS_TOKEN_SECONDS * 1000),
    refreshToken: refresh.token,
    sessionExpiresAt: session.sessionExpiresAt,
    tenantId: session.tenantId,
  };
}

export function idleExpiry(now: Date, settings: TenantSettings): Date {
  return new Date(now.getTime() + settings.session.idleTimeoutMinutes * 60_000);
}

export type RevocationReason = 'SIGNED_OUT' | 'REFRESH_TOKEN_REUSED' | 'MEMBER_DEACTIVATED';

export async function revokeSession(manager: EntityManager, sessionId: string, reason: RevocationReason, now: Date): Promise<void> {
  await manager.query(`UPDATE auth_session SET revoked_at = $2, revoked_reason = $3 WHERE id = $1 AND revoked_at IS NULL`, [sessionId, now, reason]);
}

/** Does this clinic require MFA of a member with these roles? (Clinical roles: not staff-only.) */
export function mfaRequired(settings: TenantSettings, roles: readonly string[]): boolean {
  return settings.security.mfaRequiredForClinicalRoles && roles.some((role) => role === 'PRESCRIBER' || role === 'THERAPIST' || role === 'NURSE');
}
