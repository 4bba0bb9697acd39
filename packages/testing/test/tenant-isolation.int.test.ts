import { newId } from '@tandem/core';
import type { Database } from '@tandem/db';
import { Client } from 'pg';
import { RUNTIME_ROUTES, clinician, contextFor, createTenant, createTestDatabase, runtimeEndpoint } from '../src';
import type { RuntimeEndpoint, TestDatabase, TestTenant } from '../src';

// The outbox is the foundation's tenant-owned table; any later tenant table behaves the same.
const insertOutbox = `INSERT INTO outbox (tenant_id, id, topic, payload) VALUES ($1, $2, 'case.opened', '{}')`;

// Through PgBouncer, one server connection serves every client transaction in turn, so whatever
// one transaction left behind on the session would be met by the next.
describe.each(RUNTIME_ROUTES)('tenant isolation under row-level security (runtime role, %s)', (route) => {
  let testDb: TestDatabase;
  let runtime: RuntimeEndpoint;
  let db: Database;
  let clinicA: TestTenant;
  let clinicB: TestTenant;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    runtime = await runtimeEndpoint(testDb, route, { poolSize: 1 });
    db = await testDb.connect({ url: runtime.url, preparedStatements: runtime.preparedStatements });
    clinicA = await createTenant(db);
    clinicB = await createTenant(db);
    await db.asSystem('test-fixture', async (manager) => {
      for (const tenant of [clinicA, clinicA, clinicB]) await manager.query(insertOutbox, [tenant.id, newId()]);
    });
  });

  afterAll(async () => {
    await testDb.drop();
    await runtime.close();
  });

  it('a query with no tenant filter sees only the current tenant rows', async () => {
    const rows = await db.withTenant(contextFor(clinician(clinicA)), (m) => m.query('SELECT tenant_id FROM outbox'));
    expect(rows).toHaveLength(2);
    expect(rows.every((r: { tenant_id: string }) => r.tenant_id === clinicA.id)).toBe(true);

    const catalogue = await db.withTenant(contextFor(clinician(clinicB)), (m) => m.query('SELECT id FROM tenant'));
    expect(catalogue).toEqual([{ id: clinicB.id }]);
  });

  it("refuses to insert a row carrying another tenant's id, and writes nothing", async () => {
    const attempt = db.withTenant(contextFor(clinician(clinicA)), (m) => m.query(insertOutbox, [clinicB.id, newId()]));
    await expect(attempt).rejects.toThrow(/row-level security/);
    const countB = await db.withTenant(contextFor(clinician(clinicB)), (m) => m.query('SELECT count(*)::int AS n FROM outbox'));
    expect(countB).toEqual([{ n: 1 }]);
  });

  it("cannot move a row into another tenant or touch another tenant's rows", async () => {
    const moved = await db
      .withTenant(contextFor(clinician(clinicA)), (m) => m.query('UPDATE outbox SET tenant_id = $1', [clinicB.id]))
      .catch((error: Error) => error);
    expect(moved).toBeInstanceOf(Error);
    const [, affected] = await db.withTenant<[unknown, number]>(contextFor(clinician(clinicA)), (m) =>
      m.query(`UPDATE outbox SET relayed_at = now() WHERE tenant_id = $1`, [clinicB.id]),
    );
    expect(affected).toBe(0);
  });

  it('with no tenant set, every tenant table reads as empty', async () => {
    const client = new Client({ connectionString: runtime.url });
    await client.connect();
    try {
      const { rows: tables } = await client.query<{ relname: string }>(
        // Tables the runtime role may not even SELECT (the append-only audit trail) are closed anyway.
        `SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relname <> 'migrations'
           AND has_table_privilege(current_user, oid, 'SELECT')`,
      );
      // Every table there is, so a new table cannot dodge this check.
      expect(tables.length).toBeGreaterThanOrEqual(2);
      for (const { relname } of tables) {
        const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${client.escapeIdentifier(relname)}`);
        expect({ table: relname, rows: rows[0] }).toEqual({ table: relname, rows: { n: 0 } });
      }
    } finally {
      await client.end();
    }
  });

  it('refuses withTenant without a tenant', async () => {
    await expect(db.withTenant({ tenantId: null }, (m) => m.query('SELECT 1'))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(db.withTenant({ tenantId: "x' OR true --" }, (m) => m.query('SELECT 1'))).rejects.toThrow(/not a UUID/);
  });

  it('leaves no tenant on the pooled connection after the transaction', async () => {
    await db.withTenant(contextFor(clinician(clinicA)), (m) => m.query('SELECT 1'));
    // A bare statement on the pool, outside withTenant, must see nothing.
    const rows = await db.asSystem('test-fixture', (m) => m.query(`SELECT current_setting('app.tenant_id', true) AS tenant`));
    expect(rows[0].tenant === null || rows[0].tenant === '').toBe(true);
  });

  it('the system path crosses tenants and is the only way to', async () => {
    const rows = await db.asSystem('test-fixture', (m) => m.query('SELECT count(*)::int AS n FROM outbox'));
    expect(rows).toEqual([{ n: 3 }]);
    const role = await db.withTenant(contextFor(clinician(clinicA)), (m) => m.query('SELECT current_user AS name'));
    expect(role).toEqual([{ name: 'tandem_app' }]);
  });
});
