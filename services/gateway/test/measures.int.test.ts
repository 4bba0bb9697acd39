import { ManualClock } from '@tandem/core';
import { addMember, codeOf, createClinic, fieldOf, gql } from './support/clinic-fixture';
import type { Clinic, Member } from './support/clinic-fixture';
import { assign, openCase, registerPatient } from './support/case-fixture';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

const RECORD = `mutation M($c: ID!, $i: RecordMeasureInput!) { recordMeasure(caseId: $c, input: $i) { id total band risk clusters safetySignal } }`;
const TREND = `query T($c: ID!, $i: Instrument!) { measureTrend(caseId: $c, instrument: $i) { points { total } baseline { total } latest { total } response remission meaningfulChange } }`;
const SIGNALS = `query S($c: ID!) { safetySignals(caseId: $c) { id reasons acknowledgedAt } }`;

/** A PHQ-9 whose items add up to `total`, with item 9 as given. */
function phq9(total: number, item9 = 0): number[] {
  const items = Array.from({ length: 9 }, () => 0);
  items[8] = item9;
  let left = total - item9;
  for (let i = 0; i < 8 && left > 0; i += 1) {
    items[i] = Math.min(3, left);
    left -= items[i] ?? 0;
  }
  return items;
}

describe('outcome measures and safety signals (through HTTP)', () => {
  const clock = new ManualClock(new Date('2026-06-15T12:00:00Z'));
  let app: TestGateway;
  let clinic: Clinic;
  let therapist: Member;
  let staff: Member;
  let caseId: string;

  beforeAll(async () => {
    app = await startTestGateway({ clock });
    clinic = await createClinic(app, clock, 'measures');
    therapist = await addMember(app, clinic, ['THERAPIST']);
    staff = await addMember(app, clinic, ['STAFF']);
    caseId = await openCase(app, staff.accessToken, await registerPatient(app, staff.accessToken));
    await assign(app, clinic.admin.accessToken, caseId, therapist.membershipId, 'LEAD_THERAPIST');
  });

  afterAll(async () => {
    await app.stop();
  });

  const record = (input: Record<string, unknown>, token = therapist.accessToken) => gql(app, RECORD, { c: caseId, i: input }, token);

  it('scores PHQ-9 from the items and tracks baseline, response and remission', async () => {
    const baseline = await record({ instrument: 'PHQ9', answers: phq9(20) });
    expect(baseline.body.data?.recordMeasure).toMatchObject({ total: 20, band: 'SEVERE', safetySignal: false });
    clock.advance(60_000);
    expect((await record({ instrument: 'PHQ9', answers: phq9(11) })).body.data?.recordMeasure).toMatchObject({ total: 11, band: 'MODERATE' });
    let trend = (await gql(app, TREND, { c: caseId, i: 'PHQ9' }, therapist.accessToken)).body.data?.measureTrend;
    expect(trend).toMatchObject({ baseline: { total: 20 }, latest: { total: 11 }, response: false, remission: false });
    clock.advance(60_000);
    await record({ instrument: 'PHQ9', answers: phq9(4) });
    trend = (await gql(app, TREND, { c: caseId, i: 'PHQ9' }, therapist.accessToken)).body.data?.measureTrend;
    expect(trend).toMatchObject({ points: [{ total: 20 }, { total: 11 }, { total: 4 }], response: true, remission: true });
  });

  it.each([
    ['8 answers', { instrument: 'PHQ9', answers: [0, 0, 0, 0, 0, 0, 0, 0] }, 'answers'],
    ['an answer of 4', { instrument: 'PHQ9', answers: [4, 0, 0, 0, 0, 0, 0, 0, 0] }, 'answers.1'],
    ['a PCL-5 with 19 answers', { instrument: 'PCL5', answers: Array.from({ length: 19 }, () => 1) }, 'answers'],
    ['a C-SSRS sent as answers', { instrument: 'CSSRS_SCREENER', answers: [1, 0, 0, 0, 0, 0] }, 'cssrs'],
    ['an inconsistent C-SSRS', { instrument: 'CSSRS_SCREENER', cssrs: { q1: true, q2: false, q3: true, q6: false } }, 'cssrs.3'],
  ])('refuses %s and writes nothing', async (_label, input, field) => {
    const before = (await gql(app, TREND, { c: caseId, i: 'PHQ9' }, therapist.accessToken)).body.data?.measureTrend.points.length;
    const refused = await record(input);
    expect([codeOf(refused), fieldOf(refused)]).toEqual(['BAD_USER_INPUT', field]);
    expect((await gql(app, TREND, { c: caseId, i: 'PHQ9' }, therapist.accessToken)).body.data?.measureTrend.points.length).toBe(before);
  });

  it('opens a safety signal for PHQ-9 item 9 and for C-SSRS moderate or high risk, open until acknowledged', async () => {
    expect((await record({ instrument: 'PHQ9', answers: phq9(6, 1) })).body.data?.recordMeasure.safetySignal).toBe(true);
    const risk = await record({ instrument: 'CSSRS_SCREENER', cssrs: { q1: true, q2: true, q3: false, q4: true, q5: false, q6: false } });
    expect(risk.body.data?.recordMeasure).toMatchObject({ risk: 'HIGH', safetySignal: true });
    expect((await record({ instrument: 'CSSRS_SCREENER', cssrs: { q1: true, q2: false, q6: false } })).body.data?.recordMeasure).toMatchObject({ risk: 'LOW', safetySignal: false });
    const open = (await gql(app, SIGNALS, { c: caseId }, therapist.accessToken)).body.data?.safetySignals as { id: string; reasons: string[] }[];
    expect(open.map((s) => s.reasons)).toEqual([['CSSRS_HIGH'], ['PHQ9_ITEM9']]);
    // Each signal wrote its alert intent in the same transaction (ids only); the worker delivers it.
    const intents = await app.db.asSystem('test-fixture', (m) => m.query<{ payload: Record<string, string> }[]>(`SELECT payload FROM outbox WHERE topic = 'safety.signal_opened' AND tenant_id = $1`, [clinic.id]));
    expect(intents.map((i) => i.payload.safetySignalId).sort()).toEqual(open.map((s) => s.id).sort());
    expect(intents.every((i) => Object.keys(i.payload).sort().join() === 'caseId,safetySignalId')).toBe(true);
    const blank = await gql(app, `mutation { acknowledgeSafetySignal(id: "${open[0]?.id ?? ''}", actionTaken: "  ") { id } }`, {}, therapist.accessToken);
    expect([codeOf(blank), fieldOf(blank)]).toEqual(['BAD_USER_INPUT', 'actionTaken']);
    const ack = await gql(app, `mutation { acknowledgeSafetySignal(id: "${open[0]?.id ?? ''}", actionTaken: "Called patient; safety plan reviewed") { acknowledgedAt } }`, {}, therapist.accessToken);
    expect(ack.body.data?.acknowledgeSafetySignal.acknowledgedAt).toEqual(expect.any(String));
    expect(codeOf(await gql(app, `mutation { acknowledgeSafetySignal(id: "${open[0]?.id ?? ''}", actionTaken: "again") { id } }`, {}, therapist.accessToken))).toBe('CONFLICT');
    expect((await gql(app, SIGNALS, { c: caseId }, therapist.accessToken)).body.data?.safetySignals).toHaveLength(1);
  });

  it('keeps measures from staff, and gives a partner with measures:read the trend but no writes', async () => {
    expect(codeOf(await gql(app, TREND, { c: caseId, i: 'PHQ9' }, staff.accessToken))).toBe('FORBIDDEN');
    expect(codeOf(await record({ instrument: 'GAD7', answers: [0, 0, 0, 0, 0, 0, 0] }, staff.accessToken))).toBe('FORBIDDEN');
    expect(codeOf(await gql(app, SIGNALS, { c: caseId }, staff.accessToken))).toBe('FORBIDDEN');
    const key = (await gql(app, 'mutation { createApiKey(input: { label: "research", scopes: ["measures:read", "cases:read"] }) { secret } }', {}, clinic.admin.accessToken)).body.data?.createApiKey.secret as string;
    expect((await gql(app, TREND, { c: caseId, i: 'PHQ9' }, key)).body.data?.measureTrend.points).toHaveLength(4);
    expect(codeOf(await record({ instrument: 'GAD7', answers: [0, 0, 0, 0, 0, 0, 0] }, key))).toBe('FORBIDDEN');
  });
});
