import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantRuntime } from './tenant-rls';

/**
 * The operations a clinic's admins registered for its partner keys (docs/api.md, "Persisted
 * queries"): the exact query text and its sha256, the hash partners send instead of the text.
 */
export class RegisteredOperations1765100000000 implements MigrationInterface {
  name = 'RegisteredOperations1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE registered_operation (
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        id uuid NOT NULL,
        name text NOT NULL CHECK (name ~ '^[A-Za-z_][A-Za-z0-9_]{0,99}$'),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        query text NOT NULL CHECK (length(query) BETWEEN 1 AND 100000),
        registered_by uuid NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, sha256),
        FOREIGN KEY (tenant_id, registered_by) REFERENCES membership (tenant_id, id)
      )`);
    await enableTenantRls(runner, 'registered_operation');
    await grantRuntime(runner, 'registered_operation', ['SELECT', 'INSERT', 'UPDATE']);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE registered_operation`);
  }
}
