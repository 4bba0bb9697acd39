import { newId } from '@tandem/core';
import { PREPARED_STATEMENT_LIMIT, preparingClient } from '@tandem/db';
import type { Database } from '@tandem/db';
import { Pool } from 'pg';
import { clinician, contextFor, createTenant, createTestDatabase } from '../src';
import type { TestDatabase, TestTenant } from '../src';

const insertOutbox = `INSERT INTO outbox (tenant_id, id, topic, payload) VALUES ($1, $2, 'case.opened', '{}')`;
const countOutbox = 'SELECT count(*)::int AS n FROM outbox WHERE topic = $1';
/** This session's prepared statements (no parameters: a simple query, never itself prepared). */
const PREPARED = `SELECT name, statement, generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements ORDER BY name`;

interface Prepared {
  name: string;
  statement: string;
  generic: number;
  custom: number;
}

// One pooled connection, so every transaction below meets what the earlier ones prepared.
describe('named prepared statements (DATABASE_PREPARED_STATEMENTS)', () => {
  let testDb: TestDatabase;
  let db: Database;
  let clinicA: TestTenant;
  let clinicB: TestTenant;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await testDb.connect({ poolSize: 1 });
    clinicA = await createTenant(db);
    clinicB = await createTenant(db);
    await db.asSystem('test-fixture', async (m) => {
      for (const tenant of [clinicA, clinicA, clinicB]) await m.query(insertOutbox, [tenant.id, newId()]);
    });
  });

  afterAll(() => testDb.drop());

  const countAs = (tenant: TestTenant) => db.withTenant(contextFor(clinician(tenant)), (m) => m.query<{ n: number }[]>(countOutbox, ['case.opened']));
  const preparedNow = () => db.withTenant(contextFor(clinician(clinicA)), (m) => m.query<Prepared[]>(PREPARED));

  it('prepares a parameterised statement once per connection and reuses its plan', async () => {
    for (let i = 0; i < 8; i += 1) await countAs(clinicA);
    const mine = (await preparedNow()).filter((p) => p.statement === countOutbox);
    expect(mine).toHaveLength(1);
    expect(mine[0].name).toMatch(/^tandem_\d+$/);
    // PostgreSQL plans the first five executions for their values, then keeps a generic plan.
    expect(mine[0].generic + mine[0].custom).toBe(8);
    expect(mine[0].generic).toBeGreaterThan(0);
  });

  it('keeps each clinic to its rows when one prepared statement serves both, and the system role too', async () => {
    // The same text, one connection: RLS reads the transaction's settings when the plan runs, and
    // PostgreSQL replans a statement whose row security depends on the role when the role changes.
    expect(await countAs(clinicA)).toEqual([{ n: 2 }]);
    expect(await countAs(clinicB)).toEqual([{ n: 1 }]);
    expect(await db.asSystem('test-fixture', (m) => m.query(countOutbox, ['case.opened']))).toEqual([{ n: 3 }]);
    expect(await countAs(clinicB)).toEqual([{ n: 1 }]);
    expect(await countAs(clinicA)).toEqual([{ n: 2 }]);
  });

  it('sends statements without parameters (transaction control, the request settings) unprepared', async () => {
    const prepared = await preparedNow();
    expect(prepared.some((p) => /^\s*(BEGIN|COMMIT|SET)/i.test(p.statement))).toBe(false);
    expect(prepared.some((p) => p.statement === PREPARED)).toBe(false);
  });

  it('a statement PostgreSQL refuses to prepare fails the same way every time and leaves the connection usable', async () => {
    const broken = 'SELECT count(*) FROM outbox WHERE no_such_column = $1';
    for (let i = 0; i < 2; i += 1) {
      await expect(db.withTenant(contextFor(clinician(clinicA)), (m) => m.query(broken, [1]))).rejects.toThrow(/no_such_column/);
    }
    expect(await countAs(clinicA)).toEqual([{ n: 2 }]);
    expect((await preparedNow()).some((p) => p.statement === broken)).toBe(false);
  });

  it('names no statement when turned off', async () => {
    const unprepared = await testDb.connect({ poolSize: 1, preparedStatements: false });
    await unprepared.withTenant(contextFor(clinician(clinicA)), (m) => m.query(countOutbox, ['case.opened']));
    const prepared = await unprepared.withTenant(contextFor(clinician(clinicA)), (m) => m.query<Prepared[]>(PREPARED));
    expect(prepared).toEqual([]);
  });

  it(`names at most its limit of distinct texts (${PREPARED_STATEMENT_LIMIT} by default) and sends the rest unnamed`, async () => {
    const pool = new Pool({ connectionString: testDb.runtimeUrl, max: 1, Client: preparingClient(2) });
    try {
      const texts = ['SELECT $1::int + 1 AS n', 'SELECT $1::int + 2 AS n', 'SELECT $1::int + 3 AS n'];
      const answers = [];
      for (const text of texts) answers.push((await pool.query<{ n: number }>(text, [1])).rows[0].n);
      expect(answers).toEqual([2, 3, 4]);
      const prepared = (await pool.query<Prepared>(PREPARED)).rows;
      expect(prepared.map((p) => p.statement)).toEqual(texts.slice(0, 2));
    } finally {
      await pool.end();
    }
  });
});
