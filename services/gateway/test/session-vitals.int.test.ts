import { ManualClock } from '@tandem/core';
import { gql } from './support/clinic-fixture';
import type { Clinic, Member } from './support/clinic-fixture';
import { createDosingTeam, dosingCase } from './support/dosing-fixture';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

const SESSIONS = `query S($c: ID!) { caseSessions(caseId: $c) { id vitals { phase systolic spo2 flags { kind } } } }`;
const SCHEDULE = `query L($from: DateTimeISO!) { sessions(from: $from, page: { first: 10 }) { edges { node { id vitals { phase } } } } }`;

describe('TreatmentSession.vitals: the readings, for those who may read the session record', () => {
  const clock = new ManualClock(new Date('2026-06-15T12:00:00Z'));
  let app: TestGateway;
  let clinic: Clinic;
  let prescriber: Member;
  let therapist: Member;
  let nurse: Member;
  let staff: Member;
  let caseId: string;

  beforeAll(async () => {
    app = await startTestGateway({ clock });
    const team = await createDosingTeam(app, clock, 'vitals');
    ({ clinic, prescriber, therapist, nurse, staff } = team);
    ({ caseId } = await dosingCase(app, team));
    const input = { kind: 'DOSING', startsAt: new Date(clock.now().getTime() + 60_000).toISOString(), expectedMinutes: 180, location: 'IN_CLINIC', participantIds: [prescriber.membershipId, therapist.membershipId, nurse.membershipId] };
    const sessionId = (await gql(app, 'mutation S($c: ID!, $i: ScheduleSessionInput!) { scheduleSession(caseId: $c, input: $i) { id } }', { c: caseId, i: input }, prescriber.accessToken)).body.data?.scheduleSession.id as string;
    const vitals = 'mutation V($s: ID!, $i: VitalsInput!) { recordVitals(sessionId: $s, input: $i) { kind } }';
    await gql(app, vitals, { s: sessionId, i: { at: clock.now().toISOString(), phase: 'PRE_DOSE', systolic: 120, diastolic: 80, heartRate: 70, spo2: 98 } }, nurse.accessToken);
    await gql(app, vitals, { s: sessionId, i: { at: new Date(clock.now().getTime() + 1000).toISOString(), phase: 'DURING', spo2: 85 } }, nurse.accessToken);
  });

  afterAll(async () => {
    await app.stop();
  });

  it('gives the care team the readings in the order taken, with their flags', async () => {
    const response = await gql(app, SESSIONS, { c: caseId }, therapist.accessToken);
    expect(response.body.errors).toBeUndefined();
    const [session] = response.body.data?.caseSessions as { vitals: { phase: string; systolic: number | null; spo2: number; flags: { kind: string }[] }[] }[];
    expect(session?.vitals.map((v) => [v.phase, v.systolic, v.spo2])).toEqual([['PRE_DOSE', 120, 98], ['DURING', null, 85]]);
    expect(session?.vitals[1]?.flags.map((f) => f.kind)).toContain('ESCALATION');
  });

  it('gives a partner key with sessions:read the schedule but not the readings', async () => {
    const key = (await gql(app, `mutation K($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, { i: { label: 'calendar', scopes: ['sessions:read'] } }, clinic.admin.accessToken)).body.data?.createApiKey.secret as string;
    const response = await gql(app, SCHEDULE, { from: new Date(clock.now().getTime() - 86_400_000).toISOString() }, key);
    expect(response.body.errors).toBeUndefined();
    const nodes = (response.body.data?.sessions.edges as { node: { id: string; vitals: unknown } }[]).map((e) => e.node);
    expect(nodes).toHaveLength(1);
    expect(nodes[0]?.vitals).toBeNull();
  });

  it('hides the readings from staff, who see the schedule only', async () => {
    const response = await gql(app, SCHEDULE, { from: new Date(clock.now().getTime() - 86_400_000).toISOString() }, staff.accessToken);
    expect(response.body.errors).toBeUndefined();
    const nodes = (response.body.data?.sessions.edges as { node: { vitals: unknown } }[]).map((e) => e.node);
    expect(nodes).toHaveLength(1);
    expect(nodes[0]?.vitals).toBeNull();
  });
});
