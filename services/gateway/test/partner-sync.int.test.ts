import { ManualClock } from '@tandem/core';
import { addMember, codeOf, createClinic, gql } from './support/clinic-fixture';
import { assign, openCase, registerPatient } from './support/case-fixture';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

const CREATE = `mutation C($c: ID!, $i: FollowUpInputType!) { createFollowUp(caseId: $c, input: $i) { id } }`;
const CHANGED = `query F($since: DateTimeISO, $first: Int!, $after: String) {
  followUps(updatedSince: $since, page: { first: $first, after: $after }) { edges { cursor node { id status title updatedAt } } pageInfo { hasNextPage endCursor } } }`;
const CASES = `query C($since: DateTimeISO) { cases(filter: { updatedSince: $since }, page: { first: 100 }) { edges { node { id latestMeasure(instrument: PHQ9) { total } } } } }`;
const KEY = `mutation K($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`;

describe('partner sync lists: followUps(updatedSince), cases(updatedSince), Case.latestMeasure', () => {
  const clock = new ManualClock(new Date('2026-06-15T12:00:00Z'));
  let app: TestGateway;

  beforeAll(async () => {
    app = await startTestGateway({ clock });
  });

  afterAll(async () => {
    await app.stop();
  });

  it('pages follow-ups in (updatedAt, id) order with opaque cursors, moves a changed one to the end, and filters by the policy', async () => {
    const clinic = await createClinic(app, clock, 'sync');
    const therapist = await addMember(app, clinic, ['THERAPIST']);
    const offTeam = await addMember(app, clinic, ['NURSE']);
    const caseId = await openCase(app, therapist.accessToken, await registerPatient(app, therapist.accessToken));
    await assign(app, clinic.admin.accessToken, caseId, therapist.membershipId, 'LEAD_THERAPIST');
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      clock.advance(60_000);
      const created = await gql(app, CREATE, { c: caseId, i: { kind: 'CUSTOM', title: `Task ${i}`, assigneeId: therapist.membershipId, dueAt: '2026-07-01T00:00:00Z' } }, therapist.accessToken);
      ids.push(created.body.data?.createFollowUp.id as string);
    }
    const secret = (await gql(app, KEY, { i: { label: 'sync', scopes: ['followups:read', 'cases:read'] } }, clinic.admin.accessToken)).body.data?.createApiKey.secret as string;

    const first = await gql(app, CHANGED, { first: 2 }, secret);
    expect(first.body.data?.followUps.edges.map((e: { node: { id: string; title: string | null } }) => [e.node.id, e.node.title])).toEqual([[ids[0], null], [ids[1], null]]);
    expect(first.body.data?.followUps.pageInfo.hasNextPage).toBe(true);
    const second = await gql(app, CHANGED, { first: 2, after: first.body.data?.followUps.pageInfo.endCursor }, secret);
    expect(second.body.data?.followUps.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids[2]]);
    expect(second.body.data?.followUps.pageInfo.hasNextPage).toBe(false);

    clock.advance(60_000);
    const since = clock.now().toISOString();
    await gql(app, `mutation { completeFollowUp(id: "${ids[0]}", note: "done") { id } }`, {}, therapist.accessToken);
    const changed = await gql(app, CHANGED, { since, first: 10 }, secret);
    expect(changed.body.data?.followUps.edges.map((e: { node: { id: string; status: string; updatedAt: string } }) => [e.node.id, e.node.status, e.node.updatedAt])).toEqual([[ids[0], 'DONE', since]]);

    // The off-team nurse reads no follow-up of the case; a forged cursor is refused.
    expect((await gql(app, CHANGED, { first: 10 }, offTeam.accessToken)).body.data?.followUps.edges).toEqual([]);
    expect(codeOf(await gql(app, CHANGED, { first: 10, after: Buffer.from('nonsense').toString('base64url') }, secret))).toBe('BAD_USER_INPUT');

    // Cases: changed since; a key without measures:read sees latestMeasure as null.
    const cases = await gql(app, CASES, { since }, secret);
    expect(cases.body.errors).toBeUndefined();
    expect((await gql(app, CASES, { since: new Date(clock.now().getTime() + 60_000).toISOString() }, secret)).body.data?.cases.edges).toEqual([]);
  });

  it('loads the latest PHQ-9 of a page of cases in one statement, whatever the page size', async () => {
    const clinic = await createClinic(app, clock, 'phq');
    const therapist = await addMember(app, clinic, ['THERAPIST']);
    const secret = (await gql(app, KEY, { i: { label: 'ehr', scopes: ['cases:read', 'measures:read'] } }, clinic.admin.accessToken)).body.data?.createApiKey.secret as string;
    const openOne = async (scores: number[][]) => {
      const caseId = await openCase(app, therapist.accessToken, await registerPatient(app, therapist.accessToken));
      await assign(app, clinic.admin.accessToken, caseId, therapist.membershipId, 'LEAD_THERAPIST');
      for (const answers of scores) {
        clock.advance(60_000);
        await gql(app, 'mutation M($c: ID!, $i: RecordMeasureInput!) { recordMeasure(caseId: $c, input: $i) { id } }', { c: caseId, i: { instrument: 'PHQ9', answers } }, therapist.accessToken);
      }
      return caseId;
    };
    const a = await openOne([[3, 3, 3, 3, 3, 3, 3, 3, 0], [1, 1, 1, 1, 1, 1, 1, 1, 0]]);
    const b = await openOne([]);
    const cost = async () => {
      const before = app.db.statementsSent;
      const response = await gql(app, `{ cases(page: { first: 100 }) { edges { node { id patient { mrn } latestMeasure(instrument: PHQ9) { total } } } } }`, {}, secret);
      return { statements: app.db.statementsSent - before, nodes: response.body.data?.cases.edges.map((e: { node: { id: string; latestMeasure: { total: number } | null } }) => [e.node.id, e.node.latestMeasure?.total ?? null]) };
    };
    const small = await cost();
    expect(small.nodes).toEqual([[a, 8], [b, null]]);
    for (let i = 0; i < 5; i += 1) await openOne([[2, 2, 2, 2, 2, 2, 2, 2, 0]]);
    const large = await cost();
    expect(large.nodes).toHaveLength(7);
    expect(large.statements).toBe(small.statements);
  });
});
