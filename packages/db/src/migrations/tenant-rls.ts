import type { QueryRunner } from 'typeorm';
import { ROLES } from '../roles';

/**
 * The row-level security every tenant-owned table gets: ENABLE + FORCE (so even the owner is
 * subject to it) and one policy, for reads and writes alike, that admits only rows of the
 * transaction's tenant. No tenant set means no rows. Cross-tenant work uses tandem_system,
 * whose BYPASSRLS skips this policy; the policy itself stays a single indexable comparison.
 */
export async function enableTenantRls(runner: QueryRunner, table: string): Promise<void> {
  await runner.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
  await runner.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
  await runner.query(
    `CREATE POLICY tenant_isolation ON ${table} USING (tenant_id = app.current_tenant()) WITH CHECK (tenant_id = app.current_tenant())`,
  );
}

/**
 * Runs `statements` as the owner across clinics (a migration's copy or backfill): row-level
 * security, which FORCE applies to the owner too, lifted on `tables` meanwhile, in the
 * migration's own transaction.
 */
export async function acrossClinics(runner: QueryRunner, tables: readonly string[], statements: readonly string[]): Promise<void> {
  for (const table of tables) await runner.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
  for (const sql of statements) await runner.query(sql);
  for (const table of tables) await runner.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
}

/** Grants the runtime group exactly the verbs a table needs (clinical tables get no DELETE). */
export async function grantRuntime(runner: QueryRunner, table: string, verbs: readonly ('SELECT' | 'INSERT' | 'UPDATE' | 'DELETE')[]): Promise<void> {
  await runner.query(`GRANT ${verbs.join(', ')} ON ${table} TO ${ROLES.runtime}`);
}

/**
 * `app.<name>()`: a STABLE function reading a transaction-local setting as a uuid (NULL when
 * unset), executable by the runtime group only. STABLE lets the planner evaluate it once per
 * statement and use indexes on the column it is compared with.
 */
export async function createSettingFunction(runner: QueryRunner, name: string, setting: string): Promise<void> {
  await runner.query(`
    CREATE FUNCTION app.${name}() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('${setting}', true), '')::uuid $$`);
  await runner.query(`REVOKE ALL ON FUNCTION app.${name}() FROM PUBLIC`);
  await runner.query(`GRANT EXECUTE ON FUNCTION app.${name}() TO ${ROLES.runtime}`);
}
