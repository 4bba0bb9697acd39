import { NotFoundError, isUuid } from '@tandem/core';
import type { ClinicRole, RequestContext } from '@tandem/core';
import { abilityOf, accessibleWhere, assertCan, readableView, visibleOrNotFound } from '@tandem/authz';
import type { ColumnMap } from '@tandem/authz';
import type { EntityManager } from '@tandem/db';
import type { AccountsDeps } from '../shared/deps';
import { afterId, toPage } from '@tandem/graphql';
import type { Page, PageRequest } from '@tandem/graphql';
import { revokeSession } from '../sessions/session-store';
import { assertValidRoles } from './roles';

export interface MembershipView {
  readonly id: string;
  readonly tenantId: string;
  readonly userId: string;
  readonly roles: ClinicRole[];
  readonly outsideCollaborator: boolean;
  readonly status: 'ACTIVE' | 'DEACTIVATED';
  readonly displayName: string;
  readonly email: string | null;
  readonly createdAt: Date;
}

const SELECT = `SELECT ms.id, ms.tenant_id AS "tenantId", ms.user_id AS "userId", ms.roles, ms.outside_collaborator AS "outsideCollaborator",
  ms.status, u.display_name AS "displayName", u.email, ms.created_at AS "createdAt"
  FROM membership ms JOIN app_user u ON u.id = ms.user_id`;

// The policy's condition fields for Membership, as columns (rules-to-sql refuses any other).
const COLUMNS: ColumnMap = {
  id: { column: 'ms.id', type: 'uuid' },
  tenantId: { column: 'ms.tenant_id', type: 'uuid' },
  userId: { column: 'ms.user_id', type: 'uuid' },
};

/** The clinic's members: a directory filtered by the policy in SQL, role changes, deactivation. */
export class MembershipService {
  constructor(private readonly deps: AccountsDeps) {}

  async list(ctx: RequestContext, page: PageRequest): Promise<Page<MembershipView>> {
    const after = afterId(page);
    const visible = accessibleWhere(abilityOf(ctx), 'read', 'Membership', COLUMNS, 2);
    const rows = await this.deps.db.withTenant(ctx, (m) =>
      m.query<MembershipView[]>(`${SELECT} WHERE ($1::uuid IS NULL OR ms.id > $1) AND ${visible.sql} ORDER BY ms.id LIMIT $2`, [after, page.first + 1, ...visible.params]),
    );
    return toPage(
      rows.map((row) => readableView(ctx, 'Membership', row)),
      page.first,
    );
  }

  async get(ctx: RequestContext, id: string): Promise<MembershipView> {
    if (!isUuid(id)) throw new NotFoundError('Membership');
    const row = await this.deps.db.withTenant(ctx, (m) => find(m, id));
    return readableView(ctx, 'Membership', visibleOrNotFound(ctx, 'Membership', row));
  }

  /** Takes effect on the member's next request: every request re-reads the membership. */
  async changeRoles(ctx: RequestContext, id: string, roles: readonly ClinicRole[]): Promise<MembershipView> {
    return this.deps.db.withTenant(ctx, async (m) => {
      const row = visibleOrNotFound(ctx, 'Membership', await find(m, id, true));
      assertCan(ctx, 'update', 'Membership', row);
      assertValidRoles(roles, row.outsideCollaborator);
      await m.query(`UPDATE membership SET roles = $2, updated_at = now() WHERE id = $1`, [id, roles]);
      return readableView(ctx, 'Membership', { ...row, roles: [...roles] });
    });
  }

  /** Deactivation ends every session of the member at once. */
  async deactivate(ctx: RequestContext, id: string): Promise<MembershipView> {
    return this.deps.db.withTenant(ctx, async (m) => {
      const row = visibleOrNotFound(ctx, 'Membership', await find(m, id, true));
      assertCan(ctx, 'deactivate', 'Membership', row);
      if (row.status === 'DEACTIVATED') return readableView(ctx, 'Membership', row);
      const now = ctx.clock.now();
      await m.query(`UPDATE membership SET status = 'DEACTIVATED', deactivated_at = $2, updated_at = now() WHERE id = $1`, [id, now]);
      const sessions = await m.query<{ id: string }[]>(`SELECT id FROM auth_session WHERE membership_id = $1 AND revoked_at IS NULL`, [id]);
      for (const session of sessions) await revokeSession(m, session.id, 'MEMBER_DEACTIVATED', now);
      return readableView(ctx, 'Membership', { ...row, status: 'DEACTIVATED' });
    });
  }
}

async function find(m: EntityManager, id: string, lock = false): Promise<MembershipView | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await m.query<MembershipView[]>(`${SELECT} WHERE ms.id = $1 ${lock ? 'FOR UPDATE OF ms' : ''}`, [id]);
  return row;
}
