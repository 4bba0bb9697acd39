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

/** Grants the runtime group exactly the verbs a table needs (clinical tables get no DELETE). */
export async function grantRuntime(runner: QueryRunner, table: string, verbs: readonly ('SELECT' | 'INSERT' | 'UPDATE' | 'DELETE')[]): Promise<void> {
  await runner.query(`GRANT ${verbs.join(', ')} ON ${table} TO ${ROLES.runtime}`);
}
