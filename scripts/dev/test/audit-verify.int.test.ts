import path from 'node:path';
import { TenantService } from '@tandem/accounts';
import { sealAll } from '@tandem/audit';
import { ManualClock, newId } from '@tandem/core';
import { withClient } from '@tandem/db';
import type { Database } from '@tandem/db';
import { TEST_PASSWORDS, createTestDatabase, startProcess } from '@tandem/testing';
import type { TestDatabase } from '@tandem/testing';

const TANDEM = path.join(__dirname, '..', 'dist', 'tandem.js');

/** `pnpm tandem audit verify`, as an operator runs it: the built CLI against the clinic's database. */
describe('pnpm tandem audit verify', () => {
  const clock = new ManualClock(new Date('2026-06-15T12:00:00Z'));
  let testDb: TestDatabase;
  let db: Database;
  let slug: string;
  let tenantId: string;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await testDb.connect({ poolSize: 2 });
    slug = `verify-${Date.now().toString(36)}`;
    tenantId = (await new TenantService(db).create(clock, { name: 'Verify KAP', slug, adminEmail: `admin@${slug}.example` })).tenant.id;
    // Three audited writes (patient registrations), sealed as the worker seals them.
    await db.withTenant({ tenantId }, async (m) => {
      for (const n of [1, 2, 3]) {
        await m.query(`INSERT INTO patient (tenant_id, id, mrn, given_name, family_name, date_of_birth, sex, created_at, updated_at) VALUES ($1, $2, $3, 'Ada', 'Lovelace', '1980-02-29', 'FEMALE', now(), now())`, [tenantId, newId(), `MRN-V-${n}`]);
      }
    });
    await sealAll(db, clock);
  });

  afterAll(async () => {
    await testDb.drop();
  });

  const verify = async (tenant: string) => {
    const cli = startProcess(process.execPath, [TANDEM, 'audit', 'verify', '--tenant', tenant], {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: testDb.ownerUrl,
      DATABASE_RUNTIME_PASSWORD: TEST_PASSWORDS.appPassword,
      LOG_LEVEL: 'silent',
    });
    const code = await cli.exited(60_000);
    return { code, output: cli.output() };
  };

  it('prints OK with the counts when the chain holds', async () => {
    const { code, output } = await verify(slug);
    expect(output).toContain(`OK: the audit chain of ${tenantId} holds (3 sealed, 0 not yet sealed).`);
    expect(code).toBe(0);
  });

  /** As the database's superuser: what a tampering DBA could do. */
  const asSuperuser = async (sql: string, parameters: unknown[] = []) =>
    (await withClient(testDb.superuserUrl, (admin) => admin.query<{ id: string }>(sql, parameters))).rows;

  it('prints the first broken link and exits 1 when a sealed event was changed', async () => {
    const [second] = await asSuperuser(`SELECT event_id AS id FROM audit_seal WHERE tenant_id = $1 AND seq = 2`, [tenantId]);
    await asSuperuser(`BEGIN; ALTER TABLE audit_event DISABLE TRIGGER audit_event_immutable; UPDATE audit_event SET fields = '{}' WHERE id = '${second?.id}'; ALTER TABLE audit_event ENABLE TRIGGER audit_event_immutable; COMMIT`);
    const { code, output } = await verify(tenantId);
    expect(output).toContain(`BROKEN: the audit chain of ${tenantId} fails at seq 2 (event ${second?.id}): hash does not match the content`);
    expect(code).toBe(1);
  });

  it('reports an event taken off the sealer\'s queue, which would never be chained', async () => {
    await asSuperuser(
      `BEGIN; UPDATE patient SET phone = '+1 555 0100' WHERE tenant_id = '${tenantId}' AND mrn = 'MRN-V-1'; DELETE FROM audit_unsealed WHERE tenant_id = '${tenantId}'; COMMIT`,
    );
    const { code, output } = await verify(tenantId);
    expect(output).toContain(`BROKEN: 1 audit events of ${tenantId} are neither sealed nor waiting for the sealer (taken off its queue). (3 sealed, 0 not yet sealed)`);
    expect(code).toBe(1);
  });
});
