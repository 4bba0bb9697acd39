import type { Database } from '@tandem/db';
import type { SystemReason } from '@tandem/db';
import { effectiveSettings } from '../tenants/tenant-settings';
import type { TenantSettings } from '../tenants/tenant-settings';

/** A user as sign-in sees them: across every clinic they belong to. */
export interface UserAcrossClinics {
  readonly userId: string;
  readonly passwordHash: string;
  readonly mfaEnabled: boolean;
  readonly memberships: readonly ActiveMembership[];
}

export interface ActiveMembership {
  readonly membershipId: string;
  readonly tenantId: string;
  readonly slug: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly settings: TenantSettings;
}

interface Row {
  user_id: string;
  password_hash: string;
  mfa_enabled: boolean;
  membership_id: string | null;
  tenant_id: string;
  slug: string;
  name: string;
  roles: string[];
  settings: unknown;
}

/**
 * Finds a user by e-mail or id with their active memberships. This crosses tenants, so it runs
 * on the system path, for the named reason.
 */
export async function findUserAcrossClinics(db: Database, reason: SystemReason, by: { email: string } | { userId: string }): Promise<UserAcrossClinics | null> {
  const [column, value] = 'email' in by ? ['u.email', by.email] : ['u.id', by.userId];
  const rows = await db.asSystem(reason, (m) =>
    m.query<Row[]>(
      `SELECT u.id AS user_id, u.password_hash, u.mfa_enabled_at IS NOT NULL AS mfa_enabled,
              ms.id AS membership_id, ms.tenant_id, t.slug, t.name, ms.roles, t.settings
       FROM app_user u
       LEFT JOIN membership ms ON ms.user_id = u.id AND ms.status = 'ACTIVE'
       LEFT JOIN tenant t ON t.id = ms.tenant_id
       WHERE ${column} = $1
       ORDER BY ms.created_at, ms.id`,
      [value],
    ),
  );
  const first = rows[0];
  if (!first) return null;
  return {
    userId: first.user_id,
    passwordHash: first.password_hash,
    mfaEnabled: first.mfa_enabled,
    memberships: rows
      .filter((r) => r.membership_id !== null)
      .map((r) => ({ membershipId: r.membership_id ?? '', tenantId: r.tenant_id, slug: r.slug, name: r.name, roles: r.roles, settings: effectiveSettings(r.settings) })),
  };
}
