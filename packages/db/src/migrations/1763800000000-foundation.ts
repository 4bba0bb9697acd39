import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ROLES } from '../roles';
import { createSettingFunction, enableTenantRls, grantRuntime } from './tenant-rls';

/**
 * The foundation: the `app` schema with the tenant function, the tenant catalogue and the
 * outbox (the first tenant-owned table; notifications are written here in the same transaction
 * as the change that causes them and relayed to BullMQ by the worker).
 */
export class Foundation1763800000000 implements MigrationInterface {
  name = 'Foundation1763800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE SCHEMA app`);
    await runner.query(`GRANT USAGE ON SCHEMA app TO ${ROLES.runtime}`);
    await createSettingFunction(runner, 'current_tenant', 'app.tenant_id');

    await runner.query(`
      CREATE TABLE tenant (
        id uuid PRIMARY KEY,
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) BETWEEN 3 AND 63),
        name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A tenant sees its own catalogue row only; creating tenants is system work.
    await runner.query(`ALTER TABLE tenant ENABLE ROW LEVEL SECURITY`);
    await runner.query(`ALTER TABLE tenant FORCE ROW LEVEL SECURITY`);
    await runner.query(`CREATE POLICY tenant_self ON tenant USING (id = app.current_tenant()) WITH CHECK (id = app.current_tenant())`);
    await grantRuntime(runner, 'tenant', ['SELECT', 'INSERT', 'UPDATE']);

    await runner.query(`
      CREATE TABLE outbox (
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        id uuid NOT NULL,
        topic text NOT NULL CHECK (topic ~ '^[a-z]+(\\.[a-z_]+)+$'),
        -- ids only, never PHI: the processor loads what it needs in a tenant-scoped transaction
        payload jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(payload) = 'object'),
        created_at timestamptz NOT NULL DEFAULT now(),
        relayed_at timestamptz,
        PRIMARY KEY (tenant_id, id)
      )`);
    await runner.query(`CREATE INDEX outbox_unrelayed ON outbox (tenant_id, created_at) WHERE relayed_at IS NULL`);
    await enableTenantRls(runner, 'outbox');
    await grantRuntime(runner, 'outbox', ['SELECT', 'INSERT', 'UPDATE']);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE outbox`);
    await runner.query(`DROP TABLE tenant`);
    await runner.query(`DROP SCHEMA app CASCADE`);
  }
}
