import type { Catalogue } from './catalogue';

/**
 * Where a table lives on Citus. Tenant-owned tables (a tenant_id column) are sharded by
 * tenant_id; a table without one must be placed here by name, with the reason, so that a new
 * global table is a decision someone wrote down rather than a default.
 */
export type Placement = 'distributed' | 'reference' | 'coordinator';

export const DISTRIBUTION_COLUMN = 'tenant_id';

export interface GlobalPlacement {
  readonly placement: Exclude<Placement, 'distributed'>;
  readonly why: string;
}

export const GLOBAL_PLACEMENTS: Readonly<Record<string, GlobalPlacement>> = {
  tenant: {
    placement: 'reference',
    why: 'the clinic catalogue: its slug is unique across clinics (a constraint a table sharded by id cannot enforce), it is small, and every shard joins it locally',
  },
  app_user: {
    placement: 'reference',
    why: 'one login across clinics: the e-mail is unique across clinics and sign-in finds the user before any clinic is known',
  },
  mfa_recovery_code: {
    placement: 'reference',
    why: "a user's own recovery codes, which belong to the login (app_user), not to a clinic",
  },
  migrations: {
    placement: 'coordinator',
    why: "TypeORM's migration ledger, read and written only by `tandem db migrate`, which runs on the coordinator (Citus takes DDL there only)",
  },
};

/** Each table's placement; undefined for a global table nobody has placed yet. */
export function placementOf(table: string, tenantIdType: string | null): Placement | undefined {
  if (tenantIdType !== null) return 'distributed';
  return GLOBAL_PLACEMENTS[table]?.placement;
}

export function placementsOf(catalogue: Catalogue): ReadonlyMap<string, Placement | undefined> {
  return new Map(catalogue.tables.map((t) => [t.table, placementOf(t.table, t.tenant_id_type)]));
}
