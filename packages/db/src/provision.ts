import type { Client } from 'pg';
import { ROLES } from './roles';
import { withCredentials } from './urls';
import { LEAKPROOF_FUNCTIONS } from './leakproof';
import { withClient } from './with-client';

/**
 * Cluster-level set-up that needs a superuser: the four roles and the database. Idempotent, so
 * `pnpm start`, the test harness and `pnpm tandem db provision` can all call it on every run.
 * Role passwords are (re)set each time, so a derived runtime URL always works.
 */
export interface ProvisionOptions {
  /** A superuser connection to the cluster (any database). */
  readonly adminUrl: string;
  readonly database: string;
  readonly ownerPassword: string;
  readonly appPassword: string;
  /** Create the database as a copy of this one (the test harness's migrated template). */
  readonly template?: string;
}

export interface ProvisionedUrls {
  readonly ownerUrl: string;
  readonly runtimeUrl: string;
}

// Roles are global to the cluster; concurrent provisioners (parallel test runs) take turns.
const PROVISION_LOCK = 0x74616e64; // 'tand'

export async function provisionDatabase(options: ProvisionOptions): Promise<ProvisionedUrls> {
  await withClient(options.adminUrl, async (client) => {
    try {
      await client.query('SELECT pg_advisory_lock($1)', [PROVISION_LOCK]);
      await ensureRoles(client, options);
      await ensureDatabase(client, options);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PROVISION_LOCK]).catch(() => undefined);
    }
  });
  await markIndexedOperatorsLeakproof(withCredentials(options.adminUrl, { database: options.database }));
  return {
    ownerUrl: withCredentials(options.adminUrl, { user: ROLES.owner, password: options.ownerPassword, database: options.database }),
    runtimeUrl: withCredentials(options.adminUrl, { user: ROLES.app, password: options.appPassword, database: options.database }),
  };
}

async function ensureRoles(client: Client, options: ProvisionOptions): Promise<void> {
  await ensureRole(client, ROLES.owner, 'LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE');
  await ensureRole(client, ROLES.runtime, 'NOLOGIN NOSUPERUSER NOBYPASSRLS');
  await ensureRole(client, ROLES.system, 'NOLOGIN NOSUPERUSER BYPASSRLS');
  await ensureRole(client, ROLES.app, 'LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE INHERIT');
  await client.query(`ALTER ROLE ${ROLES.owner} PASSWORD ${client.escapeLiteral(options.ownerPassword)}`);
  await client.query(`ALTER ROLE ${ROLES.app} PASSWORD ${client.escapeLiteral(options.appPassword)}`);
  await client.query(`GRANT ${ROLES.runtime} TO ${ROLES.system}`);
  await client.query(`GRANT ${ROLES.runtime}, ${ROLES.system} TO ${ROLES.app}`);
}

async function ensureRole(client: Client, role: string, attributes: string): Promise<void> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  await client.query(`${rowCount ? 'ALTER' : 'CREATE'} ROLE ${role} ${attributes}`);
}

async function ensureDatabase(client: Client, options: ProvisionOptions): Promise<void> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
  if (rowCount) return;
  const name = client.escapeIdentifier(options.database);
  const template = options.template ? ` TEMPLATE ${client.escapeIdentifier(options.template)}` : '';
  await client.query(`CREATE DATABASE ${name} OWNER ${ROLES.owner}${template}`);
  // Nobody but the owner and the runtime group may connect; PUBLIC's default CONNECT is revoked.
  await client.query(`REVOKE ALL ON DATABASE ${name} FROM PUBLIC`);
  await client.query(`GRANT CONNECT ON DATABASE ${name} TO ${ROLES.runtime}`);
}

/**
 * Under row-level security PostgreSQL uses an index for a condition only if its operator's
 * function is LEAKPROOF (LEAKPROOF_FUNCTIONS, leakproof.ts); only a superuser may mark one, hence
 * here. Why each is safe to mark:
 *
 * - ts_match_vq (`tsvector @@ tsquery`) reveals nothing but its boolean result (no
 *   data-dependent errors).
 * - arraycontains (`anyarray @> anyarray`) compares elements with their type's equality; for
 *   arrays of a type of fixed structure, as every array column of Tandem's is (uuid[], text[]),
 *   its only errors depend on the arrays' types (element types that differ, or without an
 *   equality), never on their values, which the policy hides.
 */
async function markIndexedOperatorsLeakproof(databaseUrl: string): Promise<void> {
  await withClient(databaseUrl, async (client) => {
    for (const fn of LEAKPROOF_FUNCTIONS) await client.query(`ALTER FUNCTION ${fn} LEAKPROOF`);
  });
}

/** Drops a database created for one test file; FORCE ends its remaining connections. */
export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`));
}
