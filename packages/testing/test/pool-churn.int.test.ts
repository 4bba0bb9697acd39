import { newId } from '@tandem/core';
import type { Database } from '@tandem/db';
import { RUNTIME_ROUTES, clinician, contextFor, createTenant, createTestDatabase, runtimeEndpoint } from '../src';
import type { RuntimeEndpoint, TestDatabase, TestTenant } from '../src';

// Through PgBouncer the two client connections share one server connection, so tenants
// interleave on one PostgreSQL session as well as on the two pooled clients.
describe.each(RUNTIME_ROUTES)('pool churn (%s)', (route) => {
  let testDb: TestDatabase;
  let runtime: RuntimeEndpoint;
  let db: Database;
  let clinics: TestTenant[];

  beforeAll(async () => {
    testDb = await createTestDatabase();
    runtime = await runtimeEndpoint(testDb, route, { poolSize: 1 });
    db = await testDb.connect({ poolSize: 2, url: runtime.url, preparedStatements: runtime.preparedStatements });
    clinics = [await createTenant(db), await createTenant(db), await createTenant(db)];
    await db.asSystem('test-fixture', async (m) => {
      for (const [index, clinic] of clinics.entries()) {
        for (let i = 0; i <= index; i += 1) {
          await m.query(`INSERT INTO outbox (tenant_id, id, topic) VALUES ($1, $2, 'case.opened')`, [clinic.id, newId()]);
        }
      }
    });
  });

  afterAll(async () => {
    await testDb.drop();
    await runtime.close();
  });

  it('200 concurrent withTenant calls over 3 tenants on 2 connections never see another tenant', async () => {
    const observations = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const clinic = clinics[i % 3];
        const rows = await db.withTenant<{ tenant_id: string }[]>(contextFor(clinician(clinic)), async (m) => {
          // Yield inside the transaction so the two connections interleave tenants.
          await m.query('SELECT pg_sleep(0.001)');
          return m.query('SELECT tenant_id FROM outbox');
        });
        return { expected: clinic.id, expectedCount: (i % 3) + 1, seen: rows.map((r) => r.tenant_id) };
      }),
    );
    for (const { expected, expectedCount, seen } of observations) {
      expect(seen).toHaveLength(expectedCount);
      expect(new Set(seen)).toEqual(new Set([expected]));
    }
    const backends = await db.asSystem('test-fixture', (m) =>
      m.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND usename = 'tandem_app'`),
    );
    expect(backends[0].n).toBeLessThanOrEqual(2);
  });
});
