import { ManualClock } from '@tandem/core';
import { addMember, codeOf, createClinic, fieldOf, gql } from './support/clinic-fixture';
import { assign, openCase, registerPatient } from './support/case-fixture';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

const CREATE = `mutation C($c: ID!, $i: FollowUpInputType!) { createFollowUp(caseId: $c, input: $i) { id status overdue } }`;
const MINE = `{ myFollowUps(page: { first: 20 }) { edges { node { id title overdue } } } }`;

describe('follow-ups (through HTTP)', () => {
  const clock = new ManualClock(new Date('2026-06-15T12:00:00Z'));
  let app: TestGateway;

  beforeAll(async () => {
    app = await startTestGateway({ clock });
  });

  afterAll(async () => {
    await app.stop();
  });

  it('lets the care team assign, list, complete and cancel follow-ups; overdue is derived', async () => {
    const clinic = await createClinic(app, clock, 'followups');
    const therapist = await addMember(app, clinic, ['THERAPIST']);
    const staff = await addMember(app, clinic, ['STAFF']);
    const offTeam = await addMember(app, clinic, ['NURSE']);
    const caseId = await openCase(app, staff.accessToken, await registerPatient(app, staff.accessToken));
    await assign(app, clinic.admin.accessToken, caseId, therapist.membershipId, 'LEAD_THERAPIST');
    await assign(app, clinic.admin.accessToken, caseId, staff.membershipId, 'COORDINATOR');
    const due = (minutes: number) => new Date(clock.now().getTime() + minutes * 60_000).toISOString();

    const created = await gql(app, CREATE, { c: caseId, i: { kind: 'CUSTOM', title: 'Call about ride', assigneeId: therapist.membershipId, dueAt: due(2) } }, staff.accessToken);
    const id = created.body.data?.createFollowUp.id as string;
    expect(created.body.data?.createFollowUp).toMatchObject({ status: 'OPEN', overdue: false });
    const outsider = await gql(app, CREATE, { c: caseId, i: { kind: 'CUSTOM', title: 'x', assigneeId: offTeam.membershipId, dueAt: due(1) } }, staff.accessToken);
    expect([codeOf(outsider), fieldOf(outsider)]).toEqual(['BAD_USER_INPUT', 'assigneeId']);
    expect(codeOf(await gql(app, CREATE, { c: caseId, i: { kind: 'CUSTOM', title: 'x', assigneeId: therapist.membershipId, dueAt: due(1) } }, offTeam.accessToken))).toBe('NOT_FOUND');

    clock.advance(3 * 60_000);
    expect((await gql(app, MINE, {}, therapist.accessToken)).body.data?.myFollowUps.edges).toEqual([{ node: { id, title: 'Call about ride', overdue: true } }]);
    expect((await gql(app, MINE, {}, offTeam.accessToken)).body.data?.myFollowUps.edges).toEqual([]);
    const done = await gql(app, `mutation { completeFollowUp(id: "${id}", note: "Ride booked") { status completionNote overdue } }`, {}, therapist.accessToken);
    expect(done.body.data?.completeFollowUp).toEqual({ status: 'DONE', completionNote: 'Ride booked', overdue: false });
    expect(codeOf(await gql(app, `mutation { cancelFollowUp(id: "${id}", reason: "late") { status } }`, {}, therapist.accessToken))).toBe('CONFLICT');
    expect((await gql(app, MINE, {}, therapist.accessToken)).body.data?.myFollowUps.edges).toEqual([]);
    expect((await gql(app, `{ caseFollowUps(caseId: "${caseId}", page: { first: 10 }) { edges { node { status } } } }`, {}, staff.accessToken)).body.data?.caseFollowUps.edges).toEqual([{ node: { status: 'DONE' } }]);
  });
});
