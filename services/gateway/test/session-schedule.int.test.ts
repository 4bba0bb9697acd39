import { ManualClock } from '@tandem/core';
import { addMember, codeOf, fieldOf, gql } from './support/clinic-fixture';
import type { Clinic, Member } from './support/clinic-fixture';
import { openCase, registerPatient, assign } from './support/case-fixture';
import { createDosingTeam, dosingCase as dosingCase_ } from './support/dosing-fixture';
import { ownerQuery, startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

const SCHEDULE = `mutation S($c: ID!, $i: ScheduleSessionInput!) { scheduleSession(caseId: $c, input: $i) { id } }`;
const LIST = `query L($from: DateTimeISO, $to: DateTimeISO, $kind: SessionKind, $since: DateTimeISO, $first: Int!, $after: String) {
  sessions(from: $from, to: $to, kind: $kind, updatedSince: $since, page: { first: $first, after: $after }) {
    edges { node { id caseId kind startsAt cancellationReason } } pageInfo { hasNextPage endCursor } } }`;
const DAY = 86_400_000;

describe('sessions(from, to, kind, updatedSince): the clinic schedule', () => {
  const clock = new ManualClock(new Date('2026-06-15T12:00:00Z'));
  let app: TestGateway;
  let clinic: Clinic;
  let prescriber: Member;
  let therapist: Member;
  let nurse: Member;
  let staff: Member;
  let consentDocument: string;

  beforeAll(async () => {
    app = await startTestGateway({ clock });
    ({ clinic, prescriber, therapist, nurse, staff, consentDocument } = await createDosingTeam(app, clock, 'schedule'));
  });

  afterAll(async () => {
    await app.stop();
  });

  const at = (days: number, hours = 0) => new Date(clock.now().getTime() + days * DAY + hours * 3_600_000);
  const schedule = async (caseId: string, startsAt: Date, kind = 'DOSING') => {
    const response = await gql(app, SCHEDULE, { c: caseId, i: { kind, startsAt: startsAt.toISOString(), expectedMinutes: 120, location: 'IN_CLINIC', participantIds: [prescriber.membershipId, therapist.membershipId] } }, staff.accessToken);
    if (!response.body.data) throw new Error(JSON.stringify(response.body.errors));
    return response.body.data.scheduleSession.id as string;
  };

  it('lists a week of dosing sessions in start order across pages, for a key with sessions:read and for staff', async () => {
    const one = (await dosingCase_(app, { clinic, prescriber, therapist, nurse, staff, consentDocument })).caseId;
    const two = (await dosingCase_(app, { clinic, prescriber, therapist, nurse, staff, consentDocument })).caseId;
    const a = await schedule(one, at(1, 2));
    const b = await schedule(two, at(1, 1));
    const c = await schedule(two, at(5));
    await schedule(one, at(9)); // next week
    const prep = await schedule(one, at(2), 'PREPARATION');
    const secret = (await gql(app, `mutation K($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, { i: { label: 'calendar', scopes: ['sessions:read'] } }, clinic.admin.accessToken)).body.data?.createApiKey.secret as string;

    const week = { from: at(0).toISOString(), to: at(7).toISOString(), kind: 'DOSING' };
    const first = await gql(app, LIST, { ...week, first: 2 }, secret);
    expect(first.body.data?.sessions.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([b, a]);
    const second = await gql(app, LIST, { ...week, first: 2, after: first.body.data?.sessions.pageInfo.endCursor }, secret);
    expect(second.body.data?.sessions.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([c]);
    expect(second.body.data?.sessions.pageInfo.hasNextPage).toBe(false);
    expect((await gql(app, LIST, { ...week, kind: null, first: 10 }, staff.accessToken)).body.data?.sessions.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([b, a, prep, c]);

    // Changed since: a cancellation moves the session's updated_at; the key sees no reason.
    clock.advance(60_000);
    const since = clock.now().toISOString();
    await gql(app, `mutation { cancelSession(id: "${c}", reason: "Patient unwell") { id } }`, {}, staff.accessToken);
    const changed = await gql(app, LIST, { since, first: 10 }, secret);
    expect(changed.body.data?.sessions.edges.map((e: { node: { id: string; cancellationReason: string | null } }) => [e.node.id, e.node.cancellationReason])).toEqual([[c, null]]);

    const backwards = await gql(app, LIST, { from: at(7).toISOString(), to: at(0).toISOString(), first: 10 }, secret);
    expect([codeOf(backwards), fieldOf(backwards)]).toEqual(['BAD_USER_INPUT', 'to']);
  });

  it('reads, and audits as read, only the fields the operation asks of each session', async () => {
    const caseId = (await dosingCase_(app, { clinic, prescriber, therapist, nurse, staff, consentDocument })).caseId;
    const id = await schedule(caseId, at(3));
    const window = { from: at(3).toISOString(), to: at(3, 1).toISOString() };
    const fieldsAudited = async (selection: string) => {
      const response = await gql(app, `query L($from: DateTimeISO, $to: DateTimeISO) { sessions(from: $from, to: $to, page: { first: 5 }) { edges { node { ${selection} } } } }`, window, staff.accessToken);
      expect(response.body.errors).toBeUndefined();
      const [event] = await ownerQuery<{ fields: string[] }>(
        app,
        `SELECT fields FROM audit_event WHERE tenant_id = $1 AND request_id = $2 AND subject_type = 'TreatmentSession' AND action = 'read'`,
        [clinic.id, response.headers.get('x-request-id')],
      );
      return { nodes: response.body.data?.sessions.edges.map((edge: { node: unknown }) => edge.node), fields: event?.fields };
    };
    // The start is always read: it orders the page and makes its cursor.
    expect(await fieldsAudited('id kind')).toEqual({ nodes: [{ id, kind: 'DOSING' }], fields: ['kind', 'startsAt'] });
    const participants = await fieldsAudited('... on TreatmentSession { participantIds } location remsFormDue');
    expect(participants.nodes).toEqual([{ participantIds: [prescriber.membershipId, therapist.membershipId], location: 'IN_CLINIC', remsFormDue: null }]);
    // Asking the REMS status reads what it is computed from (kind, status), which are then named too.
    expect(participants.fields).toEqual(['kind', 'startsAt', 'location', 'status', 'participantIds']);
  });

  it('hides the schedule from an outside collaborator except for the cases they are on, and costs the same for 2 or 12 sessions', async () => {
    const outsider = await addMember(app, clinic, ['THERAPIST'], { outsideCollaborator: true });
    const caseId = (await dosingCase_(app, { clinic, prescriber, therapist, nurse, staff, consentDocument })).caseId;
    const other = await openCase(app, staff.accessToken, await registerPatient(app, staff.accessToken));
    await assign(app, clinic.admin.accessToken, caseId, outsider.membershipId, 'CO_THERAPIST');
    const mine = await schedule(caseId, at(20), 'INTEGRATION');
    await assign(app, clinic.admin.accessToken, other, prescriber.membershipId, 'PRESCRIBER_OF_RECORD');
    await assign(app, clinic.admin.accessToken, other, therapist.membershipId, 'LEAD_THERAPIST');
    await schedule(other, at(20, 1), 'PREPARATION');
    const window = { from: at(19).toISOString(), to: at(30).toISOString() };
    expect((await gql(app, LIST, { ...window, first: 10 }, outsider.accessToken)).body.data?.sessions.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([mine]);

    const cost = async () => {
      const before = app.db.statementsSent;
      const response = await gql(app, LIST, { ...window, first: 100 }, staff.accessToken);
      return { statements: app.db.statementsSent - before, count: response.body.data?.sessions.edges.length as number };
    };
    const small = await cost();
    for (let i = 0; i < 10; i += 1) await schedule(other, at(21 + i / 2), 'PREPARATION');
    const large = await cost();
    expect([small.count, large.count]).toEqual([2, 12]);
    expect(large.statements).toBe(small.statements);
  });
});
