import { ConflictError, NotFoundError, newId } from '@tandem/core';
import type { ClinicRole, RequestContext } from '@tandem/core';
import { assertCan, readableView } from '@tandem/authz';
import type { EntityManager } from '@tandem/db';
import { normaliseEmail } from '../identity/email';
import type { AccountsDeps } from '../shared/deps';
import { afterId, toPage } from '@tandem/graphql';
import type { Page, PageRequest } from '@tandem/graphql';
import { mintOpaqueToken } from '../tokens/opaque-token';
import { assertValidRoles } from '../members/roles';

export const INVITATION_DAYS = 7;

export interface InvitationInput {
  readonly email: string;
  readonly roles: readonly ClinicRole[];
  readonly outsideCollaborator?: boolean | null;
}

export interface InvitationView {
  readonly id: string;
  readonly tenantId: string;
  readonly email: string;
  readonly roles: ClinicRole[];
  readonly outsideCollaborator: boolean;
  readonly expiresAt: Date;
  readonly acceptedAt: Date | null;
  readonly revokedAt: Date | null;
  readonly createdAt: Date;
}

const COLUMNS = `id, tenant_id AS "tenantId", email, roles, outside_collaborator AS "outsideCollaborator",
  expires_at AS "expiresAt", accepted_at AS "acceptedAt", revoked_at AS "revokedAt", created_at AS "createdAt"`;

/** Admins invite people by e-mail; the single-use token expires in seven days. */
export class InvitationService {
  constructor(private readonly deps: AccountsDeps) {}

  async invite(ctx: RequestContext, inviterMembershipId: string | null, input: InvitationInput): Promise<{ invitation: InvitationView; token: string }> {
    const email = normaliseEmail(input.email);
    const outsideCollaborator = input.outsideCollaborator ?? false;
    assertValidRoles(input.roles, outsideCollaborator);
    return this.deps.db.withTenant(ctx, async (m) => {
      assertCan(ctx, 'create', 'Invitation', { tenantId: ctx.tenantId });
      return createInvitation(m, ctx, { email, roles: input.roles, outsideCollaborator, inviterMembershipId });
    });
  }

  async list(ctx: RequestContext, page: PageRequest): Promise<Page<InvitationView>> {
    const after = afterId(page);
    const rows = await this.deps.db.withTenant(ctx, (m) =>
      m.query<InvitationView[]>(`SELECT ${COLUMNS} FROM invitation WHERE ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2`, [after, page.first + 1]),
    );
    return toPage(
      rows.map((row) => readableView(ctx, 'Invitation', row)),
      page.first,
    );
  }

  async revoke(ctx: RequestContext, id: string): Promise<InvitationView> {
    return this.deps.db.withTenant(ctx, async (m) => {
      const [row] = await m.query<InvitationView[]>(`SELECT ${COLUMNS} FROM invitation WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) throw new NotFoundError('Invitation');
      assertCan(ctx, 'revoke', 'Invitation', row);
      if (row.acceptedAt) throw new ConflictError('The invitation was already accepted');
      if (row.revokedAt) return row;
      const now = ctx.clock.now();
      await m.query(`UPDATE invitation SET revoked_at = $2 WHERE id = $1`, [id, now]);
      return { ...row, revokedAt: now };
    });
  }
}

/** Inserts an invitation in the caller's transaction (also used when a clinic is created). */
export async function createInvitation(
  m: EntityManager,
  ctx: Pick<RequestContext, 'clock'> & { tenantId: string | null },
  input: { email: string; roles: readonly ClinicRole[]; outsideCollaborator: boolean; inviterMembershipId: string | null },
): Promise<{ invitation: InvitationView; token: string }> {
  const tenantId = ctx.tenantId ?? '';
  const now = ctx.clock.now();
  // Explicit tenant filters: this also runs on the system path when a clinic is created.
  const [member] = await m.query<unknown[]>(
    `SELECT 1 FROM membership ms JOIN app_user u ON u.id = ms.user_id WHERE ms.tenant_id = $1 AND u.email = $2 AND ms.status = 'ACTIVE'`,
    [tenantId, input.email],
  );
  if (member) throw new ConflictError('That person is already a member of this clinic', { field: 'email' });
  const [pending] = await m.query<unknown[]>(
    `SELECT 1 FROM invitation WHERE tenant_id = $1 AND email = $2 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $3`,
    [tenantId, input.email, now],
  );
  if (pending) throw new ConflictError('That e-mail already has a pending invitation; revoke it first', { field: 'email' });
  const id = newId();
  const { token, secretHash } = mintOpaqueToken('tdmi', tenantId, id);
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
  await m.query(
    `INSERT INTO invitation (tenant_id, id, email, roles, outside_collaborator, secret_hash, invited_by, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [tenantId, id, input.email, input.roles, input.outsideCollaborator, secretHash, input.inviterMembershipId, now, expiresAt],
  );
  const invitation: InvitationView = {
    id,
    tenantId,
    email: input.email,
    roles: [...input.roles],
    outsideCollaborator: input.outsideCollaborator,
    expiresAt,
    acceptedAt: null,
    revokedAt: null,
    createdAt: now,
  };
  return { invitation, token };
}
