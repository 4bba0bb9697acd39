import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DISTRIBUTION_SCRIPT_PATH, blockersIn, findCitusViolations, generateDistributionScript, readCatalogue } from '@tandem/db';
import type { RunQuery } from '@tandem/db';
import { Client } from 'pg';
import { createTestDatabase } from '../src';
import type { TestDatabase } from '../src';

/**
 * infra/citus/distribute.sql against the migrated schema. Citus is not installed here: this
 * checks Citus's documented rules on PostgreSQL's catalogue; it does not run Citus.
 */
describe('Citus distribution script', () => {
  let testDb: TestDatabase;
  let owner: Client;
  const run: RunQuery = async <Row>(sql: string) => (await owner.query(sql)).rows as Row[];
  const committed = readFileSync(path.join(__dirname, '..', '..', '..', DISTRIBUTION_SCRIPT_PATH), 'utf8');

  beforeAll(async () => {
    testDb = await createTestDatabase();
    owner = new Client({ connectionString: testDb.ownerUrl });
    await owner.connect();
  });

  afterAll(async () => {
    await owner.end();
    await testDb.drop();
  });

  it('is what the generator makes of the current migrations (regenerate with `pnpm citus:write`)', async () => {
    expect(committed).toBe(await generateDistributionScript(run));
  });

  it('distributes every tenant-owned table by tenant_id and places every other table', async () => {
    const { tables } = await readCatalogue(run);
    const distributed = [...committed.matchAll(/create_distributed_table\('(\w+)', 'tenant_id'/g)].map((m) => m[1]).sort();
    const reference = [...committed.matchAll(/create_reference_table\('(\w+)'\)/g)].map((m) => m[1]);
    const coordinatorBlock = committed.split('-- Left as plain tables on the coordinator:\n')[1]?.split(/\n--\n|\n\n/)[0] ?? '';
    const coordinator = [...coordinatorBlock.matchAll(/^-- {3}(\w+): /gm)].map((m) => m[1]);
    expect(distributed).toEqual(tables.filter((t) => t.tenant_id_type !== null).map((t) => t.table).sort());
    expect([...reference, ...coordinator].sort()).toEqual(tables.filter((t) => t.tenant_id_type === null).map((t) => t.table).sort());
    expect(distributed.length).toBeGreaterThan(30);
  });

  it("finds no breach of Citus's rules in the migrated schema", async () => {
    expect(findCitusViolations(await readCatalogue(run))).toEqual([]);
  });

  // Each breach is made in a transaction that is rolled back, so the cases stay independent and
  // the catalogue reader is shown to see what the pure rules are given.
  async function violationsAfter(ddl: string): Promise<string[]> {
    await owner.query('BEGIN');
    try {
      await owner.query(ddl);
      return findCitusViolations(await readCatalogue(run));
    } finally {
      await owner.query('ROLLBACK');
    }
  }

  it('flags a unique index of a tenant table that leaves out tenant_id, even a partial or expression one', async () => {
    expect(await violationsAfter(`CREATE UNIQUE INDEX patient_mrn_everywhere ON patient (mrn) WHERE mrn IS NOT NULL`)).toEqual([
      'patient: unique index patient_mrn_everywhere (mrn) must include tenant_id',
    ]);
    expect(await violationsAfter(`ALTER TABLE clinical_case ADD CONSTRAINT clinical_case_id_key UNIQUE (id)`)).toEqual([
      'clinical_case: unique constraint clinical_case_id_key (id) must include tenant_id',
    ]);
    expect(await violationsAfter(`CREATE UNIQUE INDEX patient_lower_mrn ON patient (lower(mrn))`)).toEqual([
      'patient: unique index patient_lower_mrn ((expression)) must include tenant_id',
    ]);
  });

  it('flags a foreign key between tenant tables that does not pair tenant_id, or nulls it on delete', async () => {
    const unpaired = await violationsAfter(`
      CREATE UNIQUE INDEX clinical_case_id_only ON clinical_case (id);
      ALTER TABLE follow_up ADD CONSTRAINT follow_up_case_only FOREIGN KEY (case_id) REFERENCES clinical_case (id)`);
    expect(unpaired).toEqual(
      expect.arrayContaining([expect.stringMatching(/follow_up: foreign key follow_up_case_only to clinical_case must pair tenant_id with tenant_id \(has \(case_id\)/)]),
    );
    const nulling = await violationsAfter(`ALTER TABLE follow_up ADD CONSTRAINT follow_up_case_nulling FOREIGN KEY (tenant_id, case_id) REFERENCES clinical_case (tenant_id, id) ON DELETE SET NULL`);
    expect(nulling).toEqual(['follow_up: foreign key follow_up_case_nulling to clinical_case: ON DELETE SET NULL is refused when the key includes tenant_id']);
  });

  it('flags a global catalogue pointing at a tenant table, a tenant_id of another type, and an unplaced global table', async () => {
    const pointing = await violationsAfter(`
      ALTER TABLE app_user ADD COLUMN home_tenant uuid, ADD COLUMN home_membership uuid;
      ALTER TABLE app_user ADD CONSTRAINT app_user_home FOREIGN KEY (home_tenant, home_membership) REFERENCES membership (tenant_id, id)`);
    expect(pointing).toEqual(['app_user: foreign key app_user_home to membership points from a reference table at a distributed table']);
    const retyped = await violationsAfter(`CREATE TABLE legacy_visit (tenant_id text NOT NULL, id uuid NOT NULL, PRIMARY KEY (tenant_id, id))`);
    expect(retyped).toEqual(['legacy_visit: tenant_id is text, elsewhere uuid; co-located tables need one distribution column type']);
    const unplaced = await violationsAfter(`CREATE TABLE price_list (code text PRIMARY KEY)`);
    expect(unplaced).toEqual(['price_list: has no tenant_id and no Citus placement (add it to GLOBAL_PLACEMENTS with the reason)']);
  });

  it('flags a policy with a subquery on a tenant table, and keeps app_user.self_or_colleague a known blocker only while it has one', async () => {
    const subquery = await violationsAfter(`CREATE POLICY own_cases ON follow_up USING (EXISTS (SELECT 1 FROM clinical_case c WHERE c.tenant_id = follow_up.tenant_id AND c.id = follow_up.case_id))`);
    expect(subquery).toEqual(['follow_up: policy own_cases uses a subquery, which Citus refuses on distributed and reference tables']);
    expect(blockersIn(await readCatalogue(run)).map((b) => b.subject)).toEqual(['app_user.self_or_colleague']);
    const fixed = await violationsAfter(`ALTER POLICY self_or_colleague ON app_user USING (id = app.current_user_id())`);
    expect(fixed).toEqual(['app_user.self_or_colleague: listed in KNOWN_CITUS_BLOCKERS but no longer occurs; remove the entry']);
  });
});
