import { Database, UnsafeRuntimeRoleError } from '@tandem/db';
import { createLogger, silentLogger } from '@tandem/core';
import { PassThrough } from 'node:stream';
import { Client } from 'pg';
import { createTestDatabase } from '../src';
import type { TestDatabase } from '../src';

describe('database roles (asserted from pg_catalog)', () => {
  let testDb: TestDatabase;
  let runtime: Client;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    runtime = new Client({ connectionString: testDb.runtimeUrl });
    await runtime.connect();
  });

  afterAll(async () => {
    await runtime.end();
    await testDb.drop();
  });

  it('the runtime role is no superuser, has no BYPASSRLS and owns nothing', async () => {
    const { rows } = await runtime.query(`
      SELECT r.rolname, r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.rolcreatedb,
        (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owned_relations,
        (SELECT count(*)::int FROM pg_namespace n WHERE n.nspowner = r.oid) AS owned_schemas,
        (SELECT count(*)::int FROM pg_proc p WHERE p.proowner = r.oid) AS owned_functions
      FROM pg_roles r WHERE r.rolname = current_user`);
    expect(rows).toEqual([
      { rolname: 'tandem_app', rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false, owned_relations: 0, owned_schemas: 0, owned_functions: 0 },
    ]);
  });

  it('no function of schema app is executable by PUBLIC: only the roles granted it may call one', async () => {
    const { rows } = await runtime.query(`
      SELECT p.oid::regprocedure::text AS fn FROM pg_proc p
      WHERE p.pronamespace = 'app'::regnamespace
        AND (p.proacl IS NULL OR EXISTS (SELECT 1 FROM aclexplode(p.proacl) a WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE'))
      ORDER BY 1`);
    expect(rows).toEqual([]);
    const { rows: callable } = await runtime.query(`SELECT has_function_privilege('app.audit_append(text, text, text, jsonb)', 'EXECUTE') AS may`);
    expect(callable).toEqual([{ may: true }]);
  });

  it('the owner role owns the tables and is not a superuser', async () => {
    const { rows } = await runtime.query(`
      SELECT DISTINCT pg_get_userbyid(c.relowner) AS owner FROM pg_class c
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'`);
    expect(rows).toEqual([{ owner: 'tandem_owner' }]);
    const { rows: owner } = await runtime.query(`SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'tandem_owner'`);
    expect(owner).toEqual([{ rolsuper: false, rolbypassrls: false }]);
  });

  it('the runtime role cannot create tables, alter policies or read the migration ledger', async () => {
    await expect(runtime.query('CREATE TABLE sneaky (id int)')).rejects.toThrow(/permission denied/);
    await expect(runtime.query('ALTER TABLE outbox DISABLE ROW LEVEL SECURITY')).rejects.toThrow(/must be owner/);
    await expect(runtime.query('SELECT * FROM migrations')).rejects.toThrow(/permission denied/);
    await expect(runtime.query('TRUNCATE outbox')).rejects.toThrow(/permission denied/);
  });

  it('the gateway refuses to serve as a role that could bypass RLS', async () => {
    const attempt = Database.connect({ url: testDb.adminUrl, applicationName: 'tandem-test', log: silentLogger() });
    await expect(attempt).rejects.toBeInstanceOf(UnsafeRuntimeRoleError);
    const asOwner = Database.connect({ url: testDb.ownerUrl, applicationName: 'tandem-test', log: silentLogger() });
    await expect(asOwner).rejects.toThrow(/owns tables/);
  });

  it('says at start which indexed operators are not LEAKPROOF in the database, and nothing once they are', async () => {
    const warningsOnConnect = async () => {
      const lines: string[] = [];
      const destination = new PassThrough();
      destination.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
      const db = await Database.connect({ url: testDb.runtimeUrl, applicationName: 'tandem-test', log: createLogger({ level: 'warn', service: 'test', destination }) });
      await db.close();
      await new Promise((resolve) => setImmediate(resolve)); // what the stream has yet to hand on
      return lines.map((line) => JSON.parse(line) as { level: string; functions?: string[] });
    };
    expect(await warningsOnConnect()).toEqual([]);
    // As the superuser, in this test's own database (the mark is per database).
    const admin = new Client({ connectionString: testDb.superuserUrl });
    await admin.connect();
    try {
      await admin.query('ALTER FUNCTION pg_catalog.arraycontains(anyarray, anyarray) NOT LEAKPROOF');
      expect(await warningsOnConnect()).toEqual([expect.objectContaining({ level: 'warn', functions: ['pg_catalog.arraycontains(anyarray, anyarray)'] })]);
    } finally {
      await admin.query('ALTER FUNCTION pg_catalog.arraycontains(anyarray, anyarray) LEAKPROOF');
      await admin.end();
    }
  });
});
