import { randomBytes } from 'node:crypto';
import { ManualClock, RequestContext, newId, silentLogger } from '@tandem/core';
import type { ClinicRole, Principal, UserPrincipal } from '@tandem/core';
import { defineAbilityFor } from '@tandem/authz';
import type { Database } from '@tandem/db';

export interface TestTenant {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
}

/** A new clinic, created through the system path as tenant creation always is. */
export async function createTenant(db: Database, overrides: Partial<Omit<TestTenant, 'id'>> = {}): Promise<TestTenant> {
  const suffix = randomBytes(3).toString('hex');
  const tenant = { id: newId(), slug: overrides.slug ?? `clinic-${suffix}`, name: overrides.name ?? `Test Clinic ${suffix}` };
  await db.asSystem('test-fixture', (manager) =>
    manager.query('INSERT INTO tenant (id, slug, name) VALUES ($1, $2, $3)', [tenant.id, tenant.slug, tenant.name]),
  );
  return tenant;
}

/** An active member of `tenant` with these clinic roles, as rows (a user and a membership); its membership id. */
export async function createMember(db: Database, tenant: Pick<TestTenant, 'id'>, roles: readonly string[]): Promise<string> {
  const userId = newId();
  const membershipId = newId();
  await db.asSystem('test-fixture', async (m) => {
    await m.query(`INSERT INTO app_user (id, email, display_name, password_hash) VALUES ($1, $2, 'X', 'x')`, [userId, `${userId}@t.example`]);
    await m.query(`INSERT INTO membership (tenant_id, id, user_id, roles) VALUES ($1, $2, $3, $4)`, [tenant.id, membershipId, userId, roles]);
  });
  return membershipId;
}

/** A signed-in clinic member with the given roles (no session row yet: accounts come later). */
export function clinician(tenant: Pick<TestTenant, 'id'>, roles: readonly ClinicRole[] = ['THERAPIST']): UserPrincipal {
  return {
    kind: 'user',
    userId: newId(),
    tenantId: tenant.id,
    sessionId: newId(),
    membershipId: newId(),
    roles,
    outsideCollaborator: false,
    platformAdmin: false,
    mfaSatisfied: true,
  };
}

export function contextFor(principal: Principal, clock = new ManualClock()): RequestContext {
  return new RequestContext({ requestId: newId(), principal, ability: defineAbilityFor(principal), log: silentLogger(), clock });
}
