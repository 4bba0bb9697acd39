import { ManualClock } from '@tandem/core';
import { Client } from 'pg';
import { clinician, contextFor } from '@tandem/testing';
import { addMember, createClinic } from './support/clinic-fixture';
import { assign, openCase, registerPatient } from './support/case-fixture';
import { superuserOf } from './support/table-digest';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

/**
 * Search over 100,000 notes in one clinic answers from the GIN index (led by tenant_id), not a
 * scan. Asserted from the plan PostgreSQL chooses for the runtime role, under RLS (which needs
 * the full-text match operator marked LEAKPROOF at provisioning: see packages/db provision.ts).
 */
describe('note search at scale', () => {
  const clock = new ManualClock(new Date());
  let app: TestGateway;

  beforeAll(async () => {
    app = await startTestGateway({ clock });
  });

  afterAll(async () => {
    await app.stop();
  });

  it('uses the search index for 100,000 notes in one clinic', async () => {
    const clinic = await createClinic(app, clock, 'scale');
    const author = await addMember(app, clinic, ['THERAPIST']);
    const caseId = await openCase(app, clinic.admin.accessToken, await registerPatient(app, clinic.admin.accessToken));
    await assign(app, clinic.admin.accessToken, caseId, author.membershipId, 'LEAD_THERAPIST');
    // Seeded as the superuser with triggers off for this transaction only: the write-audit
    // trigger would audit 100,000 fixture rows, which is not what this test is about.
    const seeder = await superuserOf(app);
    try {
      await seeder.query('BEGIN');
      await seeder.query('SET LOCAL session_replication_role = replica');
      await seeder.query(
        `INSERT INTO case_note (tenant_id, id, case_id, kind, visibility, status, author_id, body, created_at, updated_at, signed_at)
         SELECT $1, gen_random_uuid(), $2, 'PROGRESS', 'CLINICIANS', 'SIGNED', $3,
                'Session ' || i || ': ' || (ARRAY['calm','anxious','tearful','hopeful','grounded','restless','open','guarded'])[1 + i % 8]
                || ' patient, integration of ' || (ARRAY['grief','fear','anger','joy','shame','relief'])[1 + i % 6] || ' themes, marker' || md5(i::text),
                now(), now(), now()
         FROM generate_series(1, 100000) i`,
        [clinic.id, caseId, author.membershipId],
      );
      await seeder.query('COMMIT');
    } finally {
      await seeder.end();
    }
    // Statistics as autovacuum would gather them (ANALYZE needs the table owner).
    const owner = new Client({ connectionString: app.testDb.ownerUrl });
    await owner.connect();
    await owner.query('ANALYZE case_note');
    await owner.end();

    const ctx = contextFor({ ...clinician({ id: clinic.id }, ['THERAPIST']), membershipId: author.membershipId });
    const plan = await app.db.withTenant(ctx, (m) =>
      m.query<{ 'QUERY PLAN': string }[]>(
        `EXPLAIN SELECT n.id FROM case_note n, websearch_to_tsquery('english', 'marker' || md5('4242')) q
         WHERE n.tenant_id = app.current_tenant() AND n.search @@ q ORDER BY ts_rank(n.search, q) DESC LIMIT 10`,
      ),
    );
    const text = plan.map((row) => row['QUERY PLAN']).join('\n');
    expect(text).toMatch(/Bitmap Index Scan on case_note_search/);
    expect(text).not.toMatch(/Seq Scan on case_note/);
  });
});
