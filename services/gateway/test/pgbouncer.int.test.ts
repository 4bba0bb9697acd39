import { ManualClock } from '@tandem/core';
import { showPgBouncer } from '@tandem/testing';
import { assign, openCase, registerPatient } from './support/case-fixture';
import { addMember, codeOf, createClinic, gql } from './support/clinic-fixture';
import type { Clinic, Member } from './support/clinic-fixture';
import { ownerQuery, startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

const DASHBOARD = `query D($c: ID!) {
  case(id: $c) { id status careTeam { caseRole } }
  caseFollowUps(caseId: $c, page: { first: 5 }) { edges { node { title } } }
  caseNotes(caseId: $c, page: { first: 5 }) { edges { node { id } } }
  viewer { membershipId }
}`;
const CASE = `query C($c: ID!) { case(id: $c) { id } }`;
const CREATE = `mutation F($c: ID!, $i: FollowUpInputType!) { createFollowUp(caseId: $c, input: $i) { id title } }`;
const SERVER_POOL = 2;

describe('the gateway with its runtime URL through PgBouncer in transaction pooling mode', () => {
  const clock = new ManualClock(new Date('2026-06-15T12:00:00Z'));
  let app: TestGateway;
  let clinic: Clinic;
  let other: Clinic;
  let therapist: Member;
  let caseId: string;

  beforeAll(async () => {
    // The gateway's own pool holds 4 connections; PgBouncer gives them 2 server connections.
    app = await startTestGateway({ clock, route: 'pgbouncer', pgbouncerPoolSize: SERVER_POOL });
    clinic = await createClinic(app, clock, 'pgbouncer');
    other = await createClinic(app, clock, 'pgbouncer-other');
    therapist = await addMember(app, clinic, ['THERAPIST']);
    caseId = await openCase(app, therapist.accessToken, await registerPatient(app, therapist.accessToken));
    await assign(app, clinic.admin.accessToken, caseId, therapist.membershipId, 'LEAD_THERAPIST');
  });

  afterAll(async () => {
    await app.stop();
  });

  it('serves an authenticated mutation, then reads it back in one shared transaction', async () => {
    const follow = { kind: 'CUSTOM', title: 'Call back after dosing', assigneeId: therapist.membershipId, dueAt: '2026-07-01T00:00:00Z' };
    const created = await gql(app, CREATE, { c: caseId, i: follow }, therapist.accessToken);
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data?.createFollowUp.title).toBe('Call back after dosing');

    const before = app.db.transactionsBegun;
    const read = await gql(app, DASHBOARD, { c: caseId }, therapist.accessToken);
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data?.case).toEqual({ id: caseId, status: expect.any(String), careTeam: [{ caseRole: 'LEAD_THERAPIST' }] });
    expect(read.body.data?.caseFollowUps.edges).toEqual([{ node: { title: 'Call back after dosing' } }]);
    expect(read.body.data?.viewer).toEqual({ membershipId: therapist.membershipId });
    expect(app.db.transactionsBegun - before).toBe(1);
  });

  it('keeps two clinics apart while their concurrent requests take turns on the same server connections', async () => {
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        i % 2 === 0 ? gql(app, DASHBOARD, { c: caseId }, therapist.accessToken) : gql(app, CASE, { c: caseId }, other.admin.accessToken),
      ),
    );
    for (const [i, answer] of answers.entries()) {
      if (i % 2 === 0) expect(answer.body.data?.case?.id).toBe(caseId);
      else expect(codeOf(answer)).toBe('NOT_FOUND');
    }

    // The requests went through PgBouncer, which held the server side to its pool: each
    // server connection it lists is a real tandem_app backend of this database.
    const pgbouncer = app.runtime.pgbouncer!;
    const ofThisDatabase = (row: { database: string; user: string }) => row.database === app.testDb.name && row.user === 'tandem_app';
    const clients = (await showPgBouncer<{ database: string; user: string }>(pgbouncer, 'CLIENTS')).filter(ofThisDatabase);
    const servers = (await showPgBouncer<{ database: string; user: string; remote_pid: string }>(pgbouncer, 'SERVERS')).filter(ofThisDatabase);
    expect(clients.length).toBeGreaterThanOrEqual(1);
    expect(servers.length).toBeGreaterThanOrEqual(1);
    expect(servers.length).toBeLessThanOrEqual(SERVER_POOL);
    const backends = await ownerQuery<{ pid: number }>(app, `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND usename = 'tandem_app'`, [app.testDb.name]);
    const pids = new Set(backends.map((b) => b.pid));
    expect(servers.filter((s) => pids.has(Number(s.remote_pid)))).toHaveLength(servers.length);
  });
});
