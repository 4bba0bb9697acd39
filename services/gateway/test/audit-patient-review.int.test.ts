import { ManualClock } from '@tandem/core';
import { createClinic, gql } from './support/clinic-fixture';
import type { Clinic } from './support/clinic-fixture';
import { registerPatient } from './support/case-fixture';
import { ownerQuery, startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

const PAGE = `query A($p: ID!, $first: Int!, $after: String) {
  patientAccessReport(patientId: $p, page: { first: $first, after: $after }) { edges { node { id subjectType } } pageInfo { hasNextPage endCursor } }
}`;

/**
 * A patient's review finds the events of several patients' records by their own `patient_ids`
 * through a GIN index (migration 1767100000000), one time window at a time, newest first
 * (services/audit, review/windows.ts): here against events written straight into the trail
 * (as the superuser) at times far apart, and with the plan PostgreSQL chooses for the runtime
 * role under row-level security.
 */
describe("a patient's access report over grouped events (through HTTP)", () => {
  const clock = new ManualClock(new Date('2026-06-20T12:00:00Z'));
  let app: TestGateway;
  let clinic: Clinic;
  let patientId: string;
  let other: string;
  /** The fixture's events of the patient, newest first. */
  let expected: string[] = [];

  beforeAll(async () => {
    app = await startTestGateway({ clock });
    clinic = await createClinic(app, clock, 'review');
    patientId = await registerPatient(app, clinic.admin.accessToken, { familyName: 'Reviewed' });
    other = await registerPatient(app, clinic.admin.accessToken, { familyName: 'Beside' });
  });

  afterAll(async () => {
    await app.stop();
  });

  /** A read event appended as a gateway would, `hoursAgo` before the clock; grouped when it names both patients. */
  const appendRead = async (hoursAgo: number, grouped: boolean): Promise<string> => {
    const [row] = await ownerQuery<{ id: string }>(
      app,
      `INSERT INTO audit_event (tenant_id, id, occurred_at, actor_kind, action, subject_type, outcome, request_id, fields,
                                subject_id, patient_id, subject_ids, case_ids, patient_ids)
       SELECT $1, gen_random_uuid(), $2::timestamptz - make_interval(secs => $3 * 3600), 'system', 'read', 'Patient', 'ALLOWED', 'fixture', '{mrn}',
              CASE WHEN $5 THEN NULL ELSE $4::uuid END, CASE WHEN $5 THEN NULL ELSE $4::uuid END,
              CASE WHEN $5 THEN ARRAY[$4::uuid, $6::uuid] END, CASE WHEN $5 THEN ARRAY[NULL, NULL]::uuid[] END, CASE WHEN $5 THEN ARRAY[$4::uuid, $6::uuid] END
       RETURNING id`,
      [clinic.id, clock.now(), hoursAgo, patientId, grouped, other],
    );
    return row.id;
  };

  const reported = async (first: number, after: string | null = null) => {
    const response = await gql(app, PAGE, { p: patientId, first, after }, clinic.admin.accessToken);
    expect(response.body.errors).toBeUndefined();
    return response.body.data?.patientAccessReport as { edges: { node: { id: string; subjectType: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
  };

  it('finds grouped events months and years back on the first page, in time order with the single ones, and pages through them once each', async () => {
    // Newest first: grouped 2 h ago, single 30 days ago, grouped 100 days ago, grouped 5 years ago.
    expected = [await appendRead(2, true), await appendRead(24 * 30, false), await appendRead(24 * 100, true), await appendRead(24 * 365 * 5, true)];
    const ofFixture = (edges: { node: { id: string } }[]) => edges.map((edge) => edge.node.id).filter((id) => expected.includes(id));
    expect(ofFixture((await reported(100)).edges)).toEqual(expected);
    const paged: string[] = [];
    let after: string | null = null;
    do {
      const page = await reported(1, after);
      paged.push(...ofFixture(page.edges));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(paged).toEqual(expected);
  });

  it('answers from the grouped-patients index for the runtime role under row-level security', async () => {
    // Enough grouped events of other patients that a scan would cost more than the index.
    await ownerQuery(
      app,
      `INSERT INTO audit_event (tenant_id, id, occurred_at, actor_kind, action, subject_type, outcome, request_id, fields, subject_ids, case_ids, patient_ids)
       SELECT $1, gen_random_uuid(), $2::timestamptz - i * interval '1 minute', 'system', 'read', 'Patient', 'ALLOWED', 'fixture', '{mrn}',
              ARRAY[gen_random_uuid(), gen_random_uuid()], ARRAY[NULL, NULL]::uuid[], ARRAY[gen_random_uuid(), gen_random_uuid()]
       FROM generate_series(1, 20000) i`,
      [clinic.id, clock.now()],
    );
    // As autovacuum would once they are in: the GIN index's pending list merged, its statistics
    // (which the planner's estimate reads from its metapage) and the table's gathered.
    await ownerQuery(app, 'VACUUM (ANALYZE) audit_event', []);
    const plan = await app.db.withTenant({ tenantId: clinic.id }, (m) =>
      m.query<{ 'QUERY PLAN': string }[]>(
        `EXPLAIN SELECT e.id FROM audit_event e WHERE e.patient_id IS NULL AND e.patient_ids @> ARRAY[$1::uuid] ORDER BY e.occurred_at DESC, e.id DESC LIMIT 51`,
        [patientId],
      ),
    );
    const text = plan.map((row) => row['QUERY PLAN']).join('\n');
    expect(text).toMatch(/Bitmap Index Scan on audit_event_grouped_patients/);
    expect(text).not.toMatch(/Seq Scan on audit_event/);
    // The report still finds exactly the patient's events among them, in order.
    const found = (await reported(100)).edges.map((edge) => edge.node.id);
    expect(found.filter((id) => expected.includes(id))).toEqual(expected);
    expect(found).toHaveLength(new Set(found).size);
  });
});
