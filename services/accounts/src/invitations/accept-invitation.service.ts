import { BadUserInputError, ConflictError, UnauthenticatedError, newId } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import type { EntityManager } from '@tandem/db';
import { assertAcceptablePassword, hashPassword, passwordMatches } from '../identity/passwords';
import type { AccountsDeps } from '../shared/deps';
import { openSession } from '../sessions/session-store';
import type { SessionTokens } from '../sessions/session-store';
import { effectiveSettings } from '../tenants/tenant-settings';
import { parseOpaqueToken, secretMatches } from '../tokens/opaque-token';

export interface AcceptInput {
  readonly token: string;
  readonly password: string;
  /** Required when the e-mail has no account yet. */
  readonly displayName?: string | null;
}

interface InvitationRow {
  email: string;
  roles: string[];
  outside_collaborator: boolean;
  secret_hash: Buffer;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
  settings: unknown;
}

// One answer for every unusable token: unknown, tampered, expired, revoked or already used.
const UNUSABLE = 'This invitation is invalid, expired or already used';

/**
 * Accepting an invitation creates the account, or links an existing one (whose password then
 * proves it is theirs), makes the membership and signs the person in.
 */
export class AcceptInvitationService {
  constructor(private readonly deps: AccountsDeps) {}

  async accept(ctx: RequestContext, input: AcceptInput): Promise<SessionTokens> {
    const parsed = parseOpaqueToken(input.token.trim(), 'tdmi');
    if (!parsed) throw new BadUserInputError('token', UNUSABLE);
    const scope = { tenantId: parsed.tenantId };
    const invitation = await this.deps.db.withTenant(scope, (m) => usableInvitation(m, parsed.id, parsed.secret, ctx.clock.now()));
    const userId = await this.userFor(invitation.email, input);
    return this.deps.db.withTenant({ ...scope, userId }, async (m) => {
      // Again, under lock: two acceptances racing must not both succeed.
      await usableInvitation(m, parsed.id, parsed.secret, ctx.clock.now(), true);
      const membershipId = await joinClinic(m, parsed.tenantId, userId, invitation);
      await m.query(`UPDATE invitation SET accepted_at = $2, accepted_membership_id = $3 WHERE id = $1`, [parsed.id, ctx.clock.now(), membershipId]);
      return openSession(this.deps, m, { tenantId: parsed.tenantId, userId, membershipId, mfaVerified: false, settings: effectiveSettings(invitation.settings) });
    });
  }

  /** The existing account (password must match) or a new one. */
  private async userFor(email: string, input: AcceptInput): Promise<string> {
    return this.deps.db.asSystem('invitation-acceptance', async (m) => {
      const [existing] = await m.query<{ id: string; password_hash: string }[]>(`SELECT id, password_hash FROM app_user WHERE email = $1`, [email]);
      if (existing) {
        if (!(await passwordMatches(existing.password_hash, input.password))) throw new UnauthenticatedError('To join with your existing account, enter its password');
        return existing.id;
      }
      const displayName = input.displayName?.trim() ?? '';
      if (displayName.length < 1 || displayName.length > 200) throw new BadUserInputError('displayName', 'A name of 1 to 200 characters is required for a new account');
      assertAcceptablePassword(input.password, email);
      const id = newId();
      await m.query(`INSERT INTO app_user (id, email, display_name, password_hash) VALUES ($1, $2, $3, $4)`, [id, email, displayName, await hashPassword(input.password)]);
      return id;
    });
  }
}

async function usableInvitation(m: EntityManager, id: string, secret: string, now: Date, lock = false): Promise<InvitationRow> {
  const [row] = await m.query<InvitationRow[]>(
    `SELECT i.email, i.roles, i.outside_collaborator, i.secret_hash, i.expires_at, i.accepted_at, i.revoked_at, t.settings
     FROM invitation i JOIN tenant t ON t.id = i.tenant_id WHERE i.id = $1 ${lock ? 'FOR UPDATE OF i' : ''}`,
    [id],
  );
  if (!row || !secretMatches(secret, row.secret_hash) || row.accepted_at || row.revoked_at || row.expires_at <= now) {
    throw new BadUserInputError('token', UNUSABLE);
  }
  return row;
}

/** A new membership, or a deactivated one brought back with the invitation's roles. */
async function joinClinic(m: EntityManager, tenantId: string, userId: string, invitation: InvitationRow): Promise<string> {
  const [current] = await m.query<{ id: string; status: string }[]>(`SELECT id, status FROM membership WHERE user_id = $1`, [userId]);
  if (current?.status === 'ACTIVE') throw new ConflictError('You are already a member of this clinic');
  if (current) {
    await m.query(`UPDATE membership SET status = 'ACTIVE', roles = $2, outside_collaborator = $3, deactivated_at = NULL, updated_at = now() WHERE id = $1`, [
      current.id,
      invitation.roles,
      invitation.outside_collaborator,
    ]);
    return current.id;
  }
  const id = newId();
  await m.query(`INSERT INTO membership (tenant_id, id, user_id, roles, outside_collaborator) VALUES ($1, $2, $3, $4, $5)`, [
    tenantId,
    id,
    userId,
    invitation.roles,
    invitation.outside_collaborator,
  ]);
  return id;
}
