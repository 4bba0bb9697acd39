import { findTenancyViolations } from '@tandem/db';
import type { RunQuery } from '@tandem/db';
import { Client } from 'pg';
import { createTestDatabase } from '../src';
import type { TestDatabase } from '../src';

describe('tenancy schema check', () => {
  let testDb: TestDatabase;
  let owner: Client;
  const run: RunQuery = async <Row>(sql: string) => (await owner.query(sql)).rows as Row[];

  beforeAll(async () => {
    testDb = await createTestDatabase();
    owner = new Client({ connectionString: testDb.ownerUrl });
    await owner.connect();
  });

  afterAll(async () => {
    await owner.end();
    await testDb.drop();
  });

  it('finds nothing wrong with the migrated schema', async () => {
    expect(await findTenancyViolations(run)).toEqual([]);
  });

  // Each breach is made in a transaction that is rolled back, so the cases stay independent.
  async function violationsAfter(ddl: string): Promise<string[]> {
    await owner.query('BEGIN');
    try {
      await owner.query(ddl);
      return await findTenancyViolations(run);
    } finally {
      await owner.query('ROLLBACK');
    }
  }

  it('flags a table without tenant_id', async () => {
    const found = await violationsAfter(`CREATE TABLE clinic_note (id uuid PRIMARY KEY); ALTER TABLE clinic_note ENABLE ROW LEVEL SECURITY; ALTER TABLE clinic_note FORCE ROW LEVEL SECURITY; CREATE POLICY p ON clinic_note USING (true)`);
    expect(found).toEqual(expect.arrayContaining([expect.stringMatching(/clinic_note: tenant-owned table lacks a tenant_id/), expect.stringMatching(/clinic_note: primary key must start with tenant_id/)]));
  });

  it('flags a primary key that does not start with tenant_id', async () => {
    const found = await violationsAfter(`CREATE TABLE visit (tenant_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (id, tenant_id)); ALTER TABLE visit ENABLE ROW LEVEL SECURITY; ALTER TABLE visit FORCE ROW LEVEL SECURITY; CREATE POLICY p ON visit USING (tenant_id = app.current_tenant())`);
    expect(found).toEqual([
      expect.stringMatching(/visit: primary key must start with tenant_id \(starts with id\)/),
      expect.stringMatching(/visit: index visit_pkey must lead with tenant_id/),
    ]);
  });

  it('flags RLS that is enabled but not forced, or missing', async () => {
    const notForced = await violationsAfter(`CREATE TABLE visit (tenant_id uuid, id uuid, PRIMARY KEY (tenant_id, id)); ALTER TABLE visit ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON visit USING (tenant_id = app.current_tenant())`);
    expect(notForced).toEqual([expect.stringMatching(/visit: row-level security must be ENABLEd and FORCEd/)]);
    const none = await violationsAfter(`CREATE TABLE visit (tenant_id uuid, id uuid, PRIMARY KEY (tenant_id, id))`);
    expect(none).toEqual(expect.arrayContaining([expect.stringMatching(/visit: row-level security/), expect.stringMatching(/visit: has no RLS policy/)]));
  });

  it('flags a foreign key to a tenant table that leaves out tenant_id, and an index that does not lead with it', async () => {
    const found = await violationsAfter(`
      CREATE TABLE relay_attempt (tenant_id uuid, id uuid, outbox_id uuid, PRIMARY KEY (tenant_id, id));
      ALTER TABLE relay_attempt ENABLE ROW LEVEL SECURITY; ALTER TABLE relay_attempt FORCE ROW LEVEL SECURITY;
      CREATE POLICY p ON relay_attempt USING (tenant_id = app.current_tenant());
      CREATE UNIQUE INDEX outbox_id_only ON outbox (id);
      ALTER TABLE relay_attempt ADD CONSTRAINT relay_attempt_outbox_fk FOREIGN KEY (outbox_id) REFERENCES outbox (id);
      CREATE INDEX relay_attempt_by_outbox ON relay_attempt (outbox_id)`);
    expect(found).toEqual([
      expect.stringMatching(/relay_attempt: foreign key relay_attempt_outbox_fk to tenant table outbox must include tenant_id/),
      expect.stringMatching(/outbox: index outbox_id_only must lead with tenant_id/),
      expect.stringMatching(/relay_attempt: index relay_attempt_by_outbox must lead with tenant_id/),
    ]);
  });

  it('accepts a composite foreign key that carries tenant_id', async () => {
    const found = await violationsAfter(`
      CREATE TABLE relay_attempt (tenant_id uuid, id uuid, outbox_id uuid, PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, outbox_id) REFERENCES outbox (tenant_id, id));
      ALTER TABLE relay_attempt ENABLE ROW LEVEL SECURITY; ALTER TABLE relay_attempt FORCE ROW LEVEL SECURITY;
      CREATE POLICY p ON relay_attempt USING (tenant_id = app.current_tenant())`);
    expect(found).toEqual([]);
  });
});
