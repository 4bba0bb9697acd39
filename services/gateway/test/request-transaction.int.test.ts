import { ManualClock, newId } from '@tandem/core';
import { RequestTransactionFailedError } from '@tandem/db';
import type { RequestTransaction } from '@tandem/db';
import { assign, openCase, registerPatient } from './support/case-fixture';
import { addMember, codeOf, createClinic, gql } from './support/clinic-fixture';
import type { Clinic, Member } from './support/clinic-fixture';
import { ownerQuery, startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

const DASHBOARD = `query D($c: ID!) {
  case(id: $c) { id status careTeam { displayName caseRole } latestMeasure(instrument: PHQ9) { total } }
  caseFollowUps(caseId: $c, page: { first: 5 }) { edges { node { id title } } }
  caseNotes(caseId: $c, page: { first: 5 }) { edges { node { id } } }
  viewer { membershipId }
}`;
/** Three resolvers that each audit what they read. */
const AUDITED = `query A($c: ID!) { case(id: $c) { id patient { mrn } } patients(page: { first: 5 }, search: "") { edges { node { id familyName } } } }`;
const CREATE = `mutation C($c: ID!, $i: FollowUpInputType!) { createFollowUp(caseId: $c, input: $i) { id } }`;

describe('one transaction per read-only request (real PostgreSQL as the runtime role)', () => {
  const clock = new ManualClock(new Date('2026-06-15T12:00:00Z'));
  let app: TestGateway;
  let clinic: Clinic;
  let therapist: Member;
  let caseId: string;

  beforeAll(async () => {
    app = await startTestGateway({ clock });
    clinic = await createClinic(app, clock, 'one-tx');
    therapist = await addMember(app, clinic, ['THERAPIST']);
    caseId = await openCase(app, therapist.accessToken, await registerPatient(app, therapist.accessToken));
    await assign(app, clinic.admin.accessToken, caseId, therapist.membershipId, 'LEAD_THERAPIST');
  });

  /** Runs `work` with a request transaction of its own, as the gateway's middleware opens one per request. */
  const inRequest = <T>(work: (shared: RequestTransaction) => Promise<T>): Promise<T> => work(app.db.openRequest());

  afterAll(async () => {
    await app.stop();
  });

  it('answers a query of four root fields and their loaders in one transaction, authentication included', async () => {
    const before = app.db.transactionsBegun;
    const response = await gql(app, DASHBOARD, { c: caseId }, therapist.accessToken);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.case.careTeam).toEqual([{ displayName: expect.any(String), caseRole: 'LEAD_THERAPIST' }]);
    expect(app.db.transactionsBegun - before).toBe(1);
  });

  it("asks a case's sessions and PHQ-9 trend beside the case, not a round trip after it; a case out of reach answers NOT_FOUND and audits no read", async () => {
    const BESIDE = `query B($c: ID!) { case(id: $c) { id } caseSessions(caseId: $c) { id } measureTrend(caseId: $c, instrument: PHQ9) { points { total } } }`;
    const trips = app.db.roundTrips;
    const response = await gql(app, BESIDE, { c: caseId }, therapist.accessToken);
    expect(response.body.errors).toBeUndefined();
    // BEGIN with the credential; the case, its sessions and its trend; the audit INSERT with COMMIT.
    expect(app.db.roundTrips - trips).toBe(3);
    const elsewhere = await openCase(app, clinic.admin.accessToken, await registerPatient(app, clinic.admin.accessToken));
    const allowedReadsOf = (response: { headers: Headers }) =>
      ownerQuery(app, `SELECT subject_type FROM audit_event WHERE request_id = $1 AND outcome = 'ALLOWED'`, [response.headers.get('x-request-id')]);
    const refused = await gql(app, `query R($c: ID!) { caseSessions(caseId: $c) { id } }`, { c: elsewhere }, therapist.accessToken);
    expect(codeOf(refused)).toBe('NOT_FOUND');
    expect(await allowedReadsOf(refused)).toEqual([]);
    const trend = await gql(app, `query T($c: ID!) { measureTrend(caseId: $c, instrument: PHQ9) { points { total } } }`, { c: elsewhere }, therapist.accessToken);
    expect(codeOf(trend)).toBe('NOT_FOUND');
    expect(await allowedReadsOf(trend)).toEqual([]);
    // A malformed id is refused before anything is sent: NOT_FOUND, not the database's error,
    // and audited as a denied read of a case, as visibleCase refuses one.
    const logged = app.logs().length;
    const malformed = await gql(app, `query M { caseSessions(caseId: "not-a-case") { id } }`, {}, therapist.accessToken);
    expect(codeOf(malformed)).toBe('NOT_FOUND');
    expect(
      await ownerQuery(app, `SELECT subject_type, subject_id FROM audit_event WHERE request_id = $1 AND outcome = 'DENIED'`, [malformed.headers.get('x-request-id')]),
    ).toEqual([{ subject_type: 'Case', subject_id: null }]);
    expect(app.logs().slice(logged).filter((line) => line.level === 50 || line.level === 'error')).toEqual([]);
  });

  it('gives a mutation a transaction of its own after authentication: a refused one writes nothing, the next one stands', async () => {
    const follow = { kind: 'CUSTOM', title: 'Call back', assigneeId: therapist.membershipId, dueAt: '2026-07-01T00:00:00Z' };
    const refused = await gql(app, CREATE, { c: caseId, i: { ...follow, assigneeId: newId() } }, therapist.accessToken);
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    const before = app.db.transactionsBegun;
    const created = await gql(app, CREATE, { c: caseId, i: follow }, therapist.accessToken);
    expect(created.body.errors).toBeUndefined();
    expect(app.db.transactionsBegun - before).toBe(2);
    const listed = await gql(app, DASHBOARD, { c: caseId }, therapist.accessToken);
    expect(listed.body.data?.caseFollowUps.edges.map((e: { node: { title: string } }) => e.node.title)).toEqual(['Call back']);
  });

  it('waits for the siblings of a failed non-null field before it commits: graphql-js answers early, their reads still end cleanly', async () => {
    const query = `query E($missing: ID!, $c: ID!) {
      case(id: $missing) { id }
      caseFollowUps(caseId: $c, page: { first: 5 }) { edges { node { id } } }
      measureTrend(caseId: $c, instrument: PHQ9) { points { total } }
    }`;
    const logged = app.logs().length;
    const response = await gql(app, query, { missing: newId(), c: caseId }, therapist.accessToken);
    expect(codeOf(response)).toBe('NOT_FOUND');
    const after = await gql(app, DASHBOARD, { c: caseId }, therapist.accessToken);
    expect(after.body.errors).toBeUndefined();
    expect(app.logs().slice(logged).filter((line) => line.level === 50 || line.level === 'error')).toEqual([]);
  });

  it('ends only after the work running in it has settled', async () => {
    const scope = { tenantId: clinic.id, userId: therapist.userId };
    await inRequest(async (shared) => {
      const slow = app.db.withTenant({ ...scope, requestTransaction: shared }, async (m) => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        return m.query<{ tenant: string }[]>(`SELECT current_setting('app.tenant_id') AS tenant`);
      });
      await new Promise((resolve) => setImmediate(resolve));
      await shared.end(true);
      expect((await slow)[0]?.tenant).toBe(clinic.id);
    });
  });

  it('commits an audited read with the request, and rolls back everything in it when one statement failed, even if its caller caught the error', async () => {
    const scope = { tenantId: clinic.id, userId: therapist.userId };
    const auditedRequest = async (failing: boolean) => {
      const subjectId = newId();
      const run = inRequest(async (shared) => {
        await app.db.withTenant({ ...scope, requestTransaction: shared }, (m) =>
          m.query(
            `INSERT INTO audit_event (tenant_id, id, occurred_at, actor_kind, actor_id, action, subject_type, subject_id, outcome, request_id)
             VALUES ($1, $2, now(), 'user', $3, 'read', 'Note', $4, 'ALLOWED', 'test')`,
            [clinic.id, newId(), therapist.userId, subjectId],
          ),
        );
        if (failing) await app.db.withTenant({ ...scope, requestTransaction: shared }, (m) => m.query('SELECT 1 / 0')).catch(() => 'caught');
        await shared.end(true);
      });
      const outcome = await run.then(() => 'committed', (error: unknown) => (error instanceof RequestTransactionFailedError ? 'refused' : error));
      const [row] = await ownerQuery<{ n: number }>(app, `SELECT count(*)::int AS n FROM audit_event WHERE subject_id = $1`, [subjectId]);
      return { outcome, audited: row?.n };
    };
    expect(await auditedRequest(false)).toEqual({ outcome: 'committed', audited: 1 });
    expect(await auditedRequest(true)).toEqual({ outcome: 'refused', audited: 0 });
  });

  it("appends a query's audit events in one INSERT as it commits; if that INSERT fails, the answer is withheld and no event stands", async () => {
    const dashboard = async (requestId: string) => {
      const response = await fetch(app.gateway.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${therapist.accessToken}`, 'x-request-id': requestId },
        body: JSON.stringify({ query: AUDITED, variables: { c: caseId } }),
      });
      return (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
    };
    // cmin is the command within its transaction that wrote a row: one value, one INSERT.
    const eventsOf = async (requestId: string) =>
      (await ownerQuery<{ events: number; inserts: number }>(app, `SELECT count(*)::int AS events, count(DISTINCT cmin::text)::int AS inserts FROM audit_event WHERE request_id = $1`, [requestId]))[0];

    const answeredId = newId();
    expect((await dashboard(answeredId)).errors).toBeUndefined();
    // The case, its patient (through the case's loader, its MRN only) and the patient again (the list, every field the
    // therapist may read): three reads by three resolvers, one INSERT of three events; the patient's two reads name
    // different fields, so they are two events (docs/audit.md, "Grouped reads").
    expect(await eventsOf(answeredId)).toEqual({ events: 3, inserts: 1 });

    // The owner makes every audit INSERT fail, in this test's database only.
    await ownerQuery(app, `CREATE FUNCTION public.test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit refused by the test'; END $$`, []);
    await ownerQuery(app, `CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_event FOR EACH STATEMENT EXECUTE FUNCTION public.test_refuse_audit()`, []);
    try {
      const withheldId = newId();
      const withheld = await dashboard(withheldId);
      expect(withheld.data ?? null).toBeNull();
      expect(withheld.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(await eventsOf(withheldId)).toEqual({ events: 0, inserts: 0 });
    } finally {
      await ownerQuery(app, `DROP TRIGGER test_refuse_audit ON audit_event`, []);
      await ownerQuery(app, `DROP FUNCTION public.test_refuse_audit()`, []);
    }
  });

  it('sends BEGIN and the request settings as one message, quoting what the client sent exactly', async () => {
    const userAgent = `O'Brien \\' "; SELECT set_config('app.tenant_id', '${newId()}', true); --`;
    const scope = { tenantId: clinic.id, userId: therapist.userId, requestId: 'req-1', client: { ip: '203.0.113.9', userAgent } };
    const trips = app.db.roundTrips;
    const seen = await inRequest(async (shared) => {
      const [row] = await app.db.withTenant({ ...scope, requestTransaction: shared }, (m) =>
        m.query<{ tenant: string; agent: string; ip: string }[]>(`SELECT current_setting('app.tenant_id') AS tenant, current_setting('app.user_agent') AS agent, current_setting('app.ip') AS ip`),
      );
      await shared.end(true);
      return row;
    });
    expect(seen).toEqual({ tenant: clinic.id, agent: userAgent, ip: '203.0.113.9' });
    // BEGIN with the settings and the SELECT in one write (pipelined), COMMIT in another.
    expect(app.db.roundTrips - trips).toBe(2);
  });

  it('sends the statements resolvers issue in one turn in one write, run in the order they were issued', async () => {
    const scope = { tenantId: clinic.id, userId: therapist.userId };
    const trips = app.db.roundTrips;
    const statements = app.db.statementsSent;
    const seen = await inRequest(async (shared) => {
      // Three siblings asking at once, the later ones reading what the earlier ones set.
      const ask = (sql: string) => app.db.withTenant({ ...scope, requestTransaction: shared }, (m) => m.query<{ v: string }[]>(sql));
      const rows = await Promise.all([
        ask(`SELECT set_config('tandem.test_step', 'one', true) AS v`),
        ask(`SELECT set_config('tandem.test_step', current_setting('tandem.test_step') || ',two', true) AS v`),
        ask(`SELECT current_setting('tandem.test_step') AS v`),
      ]);
      await shared.end(true);
      return rows.map(([row]) => row?.v);
    });
    expect(seen).toEqual(['one', 'one,two', 'one,two']);
    // BEGIN with the settings (two statements) and the three SELECTs in one write; COMMIT in another.
    expect({ statements: app.db.statementsSent - statements, trips: app.db.roundTrips - trips }).toEqual({ statements: 6, trips: 2 });
  });

  it('withholds the answer when one of the statements sent together fails; the ones after it fail too', async () => {
    const scope = { tenantId: clinic.id, userId: therapist.userId };
    let asked: string[] = [];
    const ended = await inRequest(async (shared) => {
      const ask = (sql: string) => app.db.withTenant({ ...scope, requestTransaction: shared }, (m) => m.query(sql)).then(() => 'ran', () => 'failed');
      asked = await Promise.all([ask(`SELECT 1`), ask(`SELECT 1 / 0`), ask(`SELECT 2`)]);
      await shared.end(true);
    }).then(
      () => 'committed',
      (error: unknown) => (error instanceof RequestTransactionFailedError ? 'refused' : String(error)),
    );
    // The third was sent before the second failed; PostgreSQL refused it in the aborted transaction.
    expect({ asked, ended }).toEqual({ asked: ['ran', 'failed', 'failed'], ended: 'refused' });
  });

  it('commits what a request read and audited together, and never shares with another tenant, the system path or work not given it', async () => {
    const scope = { tenantId: clinic.id, userId: therapist.userId };
    const other = await createClinic(app, clock, 'one-tx-other');
    const before = app.db.transactionsBegun;
    await inRequest(async (shared) => {
      const [mine] = await app.db.withTenant({ ...scope, requestTransaction: shared }, (m) => m.query<{ tenant: string }[]>(`SELECT current_setting('app.tenant_id') AS tenant`));
      const [again] = await app.db.withTenant({ ...scope, requestTransaction: shared }, (m) => m.query<{ tenant: string }[]>(`SELECT current_setting('app.tenant_id') AS tenant`));
      const [theirs] = await app.db.withTenant({ tenantId: other.id, requestTransaction: shared }, (m) => m.query<{ tenant: string }[]>(`SELECT current_setting('app.tenant_id') AS tenant`));
      await app.db.asSystem('test-fixture', (m) => m.query('SELECT 1'));
      // Work whose scope does not carry the request transaction keeps a transaction of its own.
      const [apart] = await app.db.withTenant(scope, (m) => m.query<{ tenant: string }[]>(`SELECT current_setting('app.tenant_id') AS tenant`));
      expect([mine?.tenant, again?.tenant, theirs?.tenant, apart?.tenant]).toEqual([clinic.id, clinic.id, other.id, clinic.id]);
      await shared.end(true);
    });
    // The shared one, the other tenant's, the system path's and the one apart.
    expect(app.db.transactionsBegun - before).toBe(4);
  });
});
