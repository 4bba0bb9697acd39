import { appendEvents } from '@tandem/audit';
import type { AuditEntry } from '@tandem/audit';
import { abilityFor } from '@tandem/authz';
import { ManualClock, RequestContext, newId, silentLogger } from '@tandem/core';
import type { PartnerPrincipal } from '@tandem/core';
import { RequestTransactionFailedError } from '@tandem/db';
import type { Clinic } from './support/clinic-fixture';
import { assign, openCase, registerPatient } from './support/case-fixture';
import { addMember, createClinic } from './support/clinic-fixture';
import { ownerQuery, startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

/**
 * Group commit of read audits (packages/db/src/group-commit.ts): requests of one clinic ending
 * while another's append commits hand their events to one transaction, and each answers only
 * once its own events stand. Real PostgreSQL as the runtime role, under RLS.
 */
describe('read audits of requests ending together (group commit)', () => {
  const clock = new ManualClock(new Date('2026-06-15T12:00:00Z'));
  let app: TestGateway;
  let clinic: Clinic;
  let other: Clinic;

  beforeAll(async () => {
    // Room for the six request transactions one test holds open at once (the tests' default pool is 4).
    app = await startTestGateway({ clock, poolSize: 8 });
    clinic = await createClinic(app, clock, 'group-commit');
    other = await createClinic(app, clock, 'group-commit-other');
  });

  afterAll(async () => {
    await app.stop();
  });

  /** A partner request of `tenant` whose transaction has read and gathered one audit event of its own. */
  const auditedRequest = async (tenant: Clinic, entry: Partial<AuditEntry> = {}) => {
    const principal: PartnerPrincipal = { kind: 'partner', apiKeyId: newId(), tenantId: tenant.id, scopes: [] };
    const shared = app.db.openRequest();
    const ctx = new RequestContext({ requestId: newId(), principal, ability: abilityFor(principal), log: silentLogger(), clock, requestTransaction: shared });
    const subjectId = newId();
    const read: AuditEntry = { subjectType: 'Note', subjectId, caseId: null, fields: ['id'], action: 'read', outcome: 'ALLOWED', ...entry };
    await app.db.withTenant(ctx, (m) => appendEvents(m, ctx, [read]));
    return { shared, requestId: ctx.requestId };
  };

  /** Which transaction appended each request's events (xmin), and how many events it has. */
  const appendedBy = async (requestIds: readonly string[]) => {
    const rows = await ownerQuery<{ request_id: string; xid: string; events: number }>(
      app,
      `SELECT request_id, min(xmin::text) AS xid, count(*)::int AS events FROM audit_event WHERE request_id = ANY($1) GROUP BY request_id`,
      [requestIds],
    );
    return requestIds.map((id) => rows.find((row) => row.request_id === id));
  };

  /** tandem_audit_read_appends_total by `how`, as /metrics reports it. */
  const appendsCounted = async () => {
    const text = await (await fetch(`${app.gateway.url}/metrics`)).text();
    const count = (how: string) => Number(new RegExp(`^tandem_audit_read_appends_total\\{how="${how}"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
    return { own: count('own'), carrier: count('carrier'), carried: count('carried'), alone: count('alone'), full: count('full') };
  };

  it('lets the first request append alone, the next carry the ones ending during its commit, and answers each once its events stand', async () => {
    const requests = await Promise.all([0, 1, 2, 3].map(() => auditedRequest(clinic)));
    // Scraped first: a scrape's backlog gauges take a transaction of their own.
    const counted = await appendsCounted();
    const before = app.db.transactionsBegun;
    // Ended in one turn, as concurrent requests end: the first commits, the second waits to carry the third and fourth.
    const outcomes = await Promise.allSettled(requests.map((request) => request.shared.end(true)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    const [first, carrier, ...carried] = await appendedBy(requests.map((request) => request.requestId));
    expect([first?.events, carrier?.events, ...carried.map((row) => row?.events)]).toEqual([1, 1, 1, 1]);
    expect(carried.map((row) => row?.xid)).toEqual([carrier?.xid, carrier?.xid]);
    expect(first?.xid).not.toBe(carrier?.xid);
    // No transaction of their own for the carried: their reads' transactions ended read-only.
    expect(app.db.transactionsBegun - before).toBe(0);
    const after = await appendsCounted();
    expect({ own: after.own - counted.own, carrier: after.carrier - counted.carrier, carried: after.carried - counted.carried, alone: after.alone - counted.alone, full: after.full - counted.full }).toEqual({
      own: 1,
      carrier: 1,
      carried: 2,
      alone: 0,
      full: 0,
    });
  });

  it('counts a request that waited for the commit in flight and was handed nothing as appending for itself', async () => {
    const requests = await Promise.all([0, 1].map(() => auditedRequest(clinic)));
    const counted = await appendsCounted();
    await Promise.all(requests.map((request) => request.shared.end(true)));
    const rows = await appendedBy(requests.map((request) => request.requestId));
    expect(rows.map((row) => row?.events)).toEqual([1, 1]);
    expect(rows[0]?.xid).not.toBe(rows[1]?.xid);
    const after = await appendsCounted();
    expect({ own: after.own - counted.own, carrier: after.carrier - counted.carrier, carried: after.carried - counted.carried }).toEqual({ own: 2, carrier: 0, carried: 0 });
  });

  it('keeps clinics apart: each tenant has its own line, and no event is appended under another tenant', async () => {
    const requests = await Promise.all([clinic, other, clinic, other, clinic, other].map((tenant) => auditedRequest(tenant)));
    await Promise.all(requests.map((request) => request.shared.end(true)));
    const rows = await ownerQuery<{ request_id: string; tenant_id: string; xid: string }>(
      app,
      `SELECT request_id, tenant_id, xmin::text AS xid FROM audit_event WHERE request_id = ANY($1)`,
      [requests.map((request) => request.requestId)],
    );
    const tenantOf = (index: number) => (index % 2 === 0 ? clinic.id : other.id);
    expect(requests.map((request, index) => rows.find((row) => row.request_id === request.requestId)?.tenant_id === tenantOf(index))).toEqual([true, true, true, true, true, true]);
    // A transaction appends for one tenant only.
    const tenantsPerTransaction = new Map<string, Set<string>>();
    for (const row of rows) tenantsPerTransaction.set(row.xid, (tenantsPerTransaction.get(row.xid) ?? new Set()).add(row.tenant_id));
    expect([...tenantsPerTransaction.values()].every((tenants) => tenants.size === 1)).toBe(true);
  });

  it("withholds only the answer whose own event cannot be appended: the others it was carried with append alone and answer", async () => {
    const first = await auditedRequest(clinic);
    const carrier = await auditedRequest(clinic);
    // An action the audit_event check constraint refuses: the carrier's one INSERT for all fails.
    const broken = await auditedRequest(clinic, { action: 'Not an action' });
    const carried = await auditedRequest(clinic);
    const all = [first, carrier, broken, carried];
    const aloneBefore = (await appendsCounted()).alone;
    const outcomes = await Promise.allSettled(all.map((request) => request.shared.end(true)));
    expect(outcomes.map((outcome) => (outcome.status === 'rejected' ? (outcome.reason instanceof RequestTransactionFailedError ? 'withheld' : outcome.reason) : 'answered'))).toEqual([
      'answered',
      'answered',
      'withheld',
      'answered',
    ]);
    const rows = await appendedBy(all.map((request) => request.requestId));
    expect(rows.map((row) => row?.events ?? 0)).toEqual([1, 1, 0, 1]);
    // Appended alone after the shared INSERT failed: each in a transaction of its own.
    expect(rows[1]?.xid).not.toBe(rows[3]?.xid);
    // The carrier, the broken one and the one carried after it: three retries, one refused.
    expect((await appendsCounted()).alone - aloneBefore).toBe(3);
  });

  it('records every read of concurrent dashboards over HTTP, each request its events once', async () => {
    const therapist = await addMember(app, clinic, ['THERAPIST']);
    const caseId = await openCase(app, therapist.accessToken, await registerPatient(app, therapist.accessToken));
    await assign(app, clinic.admin.accessToken, caseId, therapist.membershipId, 'LEAD_THERAPIST');
    const query = `query D($c: ID!) { case(id: $c) { id patient { mrn } careTeam { caseRole } } caseNotes(caseId: $c, page: { first: 5 }) { edges { node { id } } } }`;
    const requestIds = Array.from({ length: 12 }, () => newId());
    const dashboard = async (requestId: string) => {
      const response = await fetch(app.gateway.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${therapist.accessToken}`, 'x-request-id': requestId },
        body: JSON.stringify({ query, variables: { c: caseId } }),
      });
      return (await response.json()) as { errors?: unknown };
    };
    const answers = await Promise.all(requestIds.map(dashboard));
    expect(answers.map((answer) => answer.errors)).toEqual(requestIds.map(() => undefined));
    const [single] = await appendedBy([requestIds[0]]);
    const rows = await appendedBy(requestIds);
    expect(rows.map((row) => row?.events)).toEqual(requestIds.map(() => single?.events));
    expect(single?.events).toBeGreaterThan(0);
  });
});
