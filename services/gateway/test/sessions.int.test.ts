import { ManualClock } from '@tandem/core';
import { addMember, codeOf, createClinic, fieldOf, gql } from './support/clinic-fixture';
import type { Clinic, Member } from './support/clinic-fixture';
import { assign, openCase, registerPatient } from './support/case-fixture';
import { PLAN, createDosingTeam, dosingCase as dosingCase_ } from './support/dosing-fixture';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

const SCHEDULE = `mutation S($c: ID!, $i: ScheduleSessionInput!) { scheduleSession(caseId: $c, input: $i) { id kind status } }`;
const DOSE = `mutation D($s: ID!, $i: DoseInputType!) { recordDose(sessionId: $s, input: $i) { doseMg perKg overridden } }`;
const VITALS = `mutation V($s: ID!, $i: VitalsInput!) { recordVitals(sessionId: $s, input: $i) { kind reason } }`;
const COMPLETE = `mutation C($s: ID!, $i: CompleteSessionInput!) { completeSession(id: $s, input: $i) }`;
const DAY = 86_400_000;

describe('treatment plans, sessions, doses and vitals (through HTTP)', () => {
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
    ({ clinic, prescriber, therapist, nurse, staff, consentDocument } = await createDosingTeam(app, clock, 'sessions'));
  });

  afterAll(async () => {
    await app.stop();
  });

  const dosingCase = () => dosingCase_(app, { clinic, prescriber, therapist, nurse, staff, consentDocument });

  const schedule = (caseId: string, startsAt: Date, token = staff.accessToken, kind = 'DOSING') =>
    gql(app, SCHEDULE, { c: caseId, i: { kind, startsAt: startsAt.toISOString(), expectedMinutes: 180, location: 'IN_CLINIC', participantIds: [prescriber.membershipId, therapist.membershipId, nurse.membershipId] } }, token);

  it('keeps the plan to the prescriber of record and the clinic range unless a reason is given', async () => {
    const { caseId } = await dosingCase();
    const plan = { route: 'IV', plannedDosingSessions: 6, doseUnit: 'MG_PER_KG', doseMin: 0.5, doseMax: 1.2 };
    expect(codeOf(await gql(app, PLAN, { c: caseId, i: plan }, therapist.accessToken))).toBe('FORBIDDEN');
    const outside = await gql(app, PLAN, { c: caseId, i: plan }, prescriber.accessToken);
    expect([codeOf(outside), fieldOf(outside)]).toEqual(['BAD_USER_INPUT', 'doseMax']);
    expect(codeOf(await gql(app, PLAN, { c: caseId, i: { ...plan, rangeOverrideReason: 'Non-responder at 1.0' } }, prescriber.accessToken))).toBeUndefined();
  });

  it('schedules dosing only in the dosing phase and at most twice in 7 days', async () => {
    const { caseId } = await dosingCase();
    const early = await openCase(app, staff.accessToken, await registerPatient(app, staff.accessToken));
    await assign(app, clinic.admin.accessToken, early, prescriber.membershipId, 'PRESCRIBER_OF_RECORD');
    await assign(app, clinic.admin.accessToken, early, therapist.membershipId, 'LEAD_THERAPIST');
    await assign(app, clinic.admin.accessToken, early, nurse.membershipId, 'MONITORING_NURSE');
    const notYet = await schedule(early, new Date(clock.now().getTime() + DAY));
    expect([codeOf(notYet), notYet.body.errors?.[0]?.extensions?.unmet]).toEqual(['CONFLICT', ['CASE_IN_DOSING']]);
    const start = clock.now().getTime();
    expect(codeOf(await schedule(caseId, new Date(start + DAY)))).toBeUndefined();
    expect(codeOf(await schedule(caseId, new Date(start + 4 * DAY)))).toBeUndefined();
    const third = await schedule(caseId, new Date(start + 6 * DAY));
    expect([codeOf(third), third.body.errors?.[0]?.extensions?.unmet]).toEqual(['CONFLICT', ['FREQUENCY_LIMIT']]);
    expect(codeOf(await schedule(caseId, new Date(start + 8 * DAY)))).toBeUndefined();
    const outsider = await gql(app, SCHEDULE, { c: caseId, i: { kind: 'INTEGRATION', startsAt: new Date(start + 2 * DAY).toISOString(), expectedMinutes: 60, location: 'TELEHEALTH', participantIds: [staff.membershipId] } }, staff.accessToken);
    expect([codeOf(outsider), fieldOf(outsider)]).toEqual(['BAD_USER_INPUT', 'participantIds']);
  });

  it('records a dose by a prescriber from mg/kg and the current weight, within range, after vitals', async () => {
    const { caseId, patientId } = await dosingCase();
    const sessionId = (await schedule(caseId, new Date(clock.now().getTime() + 60_000))).body.data?.scheduleSession.id as string;
    const dose = { amount: 0.5, unit: 'MG_PER_KG', lotNumber: 'LOT-1' };
    expect(codeOf(await gql(app, DOSE, { s: sessionId, i: dose }, nurse.accessToken))).toBe('FORBIDDEN');
    const noWeight = await gql(app, DOSE, { s: sessionId, i: dose }, prescriber.accessToken);
    expect([codeOf(noWeight), noWeight.body.errors?.[0]?.extensions?.unmet]).toEqual(['CONFLICT', ['CURRENT_WEIGHT']]);
    await gql(app, 'mutation W($p: ID!) { recordPatientWeight(patientId: $p, weightKg: 80) { id } }', { p: patientId }, nurse.accessToken);

    for (const [reading, field] of [
      [{ systolic: 80, diastolic: 90 }, 'systolic'],
      [{ heartRate: 0 }, 'heartRate'],
      [{ heartRate: 400 }, 'heartRate'],
      [{ spo2: 101 }, 'spo2'],
    ] as const) {
      const refused = await gql(app, VITALS, { s: sessionId, i: { at: clock.now().toISOString(), phase: 'PRE_DOSE', ...reading } }, nurse.accessToken);
      expect([codeOf(refused), fieldOf(refused)]).toEqual(['BAD_USER_INPUT', field]);
    }
    const flags = await gql(app, VITALS, { s: sessionId, i: { at: clock.now().toISOString(), phase: 'PRE_DOSE', systolic: 150, diastolic: 92, heartRate: 80, spo2: 98 } }, nurse.accessToken);
    expect(flags.body.data?.recordVitals).toEqual([{ kind: 'HOLD_RECOMMENDED', reason: 'PRE_DOSE_BP_ABOVE' }]);
    const held = await gql(app, DOSE, { s: sessionId, i: dose }, prescriber.accessToken);
    expect([codeOf(held), held.body.errors?.[0]?.extensions?.unmet]).toEqual(['CONFLICT', ['HOLD_ACKNOWLEDGED']]);
    const tooMuch = await gql(app, DOSE, { s: sessionId, i: { ...dose, amount: 1.5, holdOverrideReason: 'Rechecked 138/88' } }, prescriber.accessToken);
    expect([codeOf(tooMuch), fieldOf(tooMuch)]).toEqual(['BAD_USER_INPUT', 'amount']);
    const given = await gql(app, DOSE, { s: sessionId, i: { ...dose, holdOverrideReason: 'Rechecked 138/88' } }, prescriber.accessToken);
    expect(given.body.data?.recordDose).toEqual({ doseMg: 40, perKg: 0.5, overridden: false });

    const started = clock.now();
    const complete = (minutes: number) =>
      gql(app, COMPLETE, { s: sessionId, i: { monitoringStartedAt: started.toISOString(), monitoringEndedAt: new Date(started.getTime() + minutes * 60_000).toISOString(), dischargeReady: true, transport: 'Partner drove', sedation: 'MILD', dissociation: 'MODERATE' } }, nurse.accessToken);
    const short = await complete(119);
    expect([codeOf(short), fieldOf(short)]).toEqual(['BAD_USER_INPUT', 'monitoringEndedAt']);
    expect((await complete(120)).body.data).toEqual({ completeSession: true });
    const escalation = await gql(app, VITALS, { s: sessionId, i: { at: clock.now().toISOString(), phase: 'DURING', spo2: 88 } }, nurse.accessToken);
    expect(codeOf(escalation)).toBe('CONFLICT');
  });

  it('flags an escalation on the session, shows staff the schedule only, and refuses a dose after consent is revoked', async () => {
    const { caseId, consentId } = await dosingCase();
    const sessionId = (await schedule(caseId, new Date(clock.now().getTime() + 60_000))).body.data?.scheduleSession.id as string;
    const low = await gql(app, VITALS, { s: sessionId, i: { at: clock.now().toISOString(), phase: 'DURING', spo2: 88 } }, nurse.accessToken);
    expect(low.body.data?.recordVitals).toEqual([{ kind: 'ESCALATION', reason: 'SPO2_LOW' }]);
    const sessions = (await gql(app, `{ caseSessions(caseId: "${caseId}") { id escalation startsAt } }`, {}, prescriber.accessToken)).body.data?.caseSessions;
    expect(sessions).toEqual([expect.objectContaining({ id: sessionId, escalation: true })]);
    const asStaff = (await gql(app, `{ caseSessions(caseId: "${caseId}") { startsAt escalation } }`, {}, staff.accessToken)).body.data?.caseSessions;
    expect(asStaff).toEqual([{ startsAt: expect.any(String), escalation: null }]);
    await gql(app, `mutation { revokeConsent(id: "${consentId}", reason: "Withdrew consent") { id } }`, {}, therapist.accessToken);
    const refused = await gql(app, DOSE, { s: sessionId, i: { amount: 40, unit: 'MG', lotNumber: 'L' } }, prescriber.accessToken);
    expect([codeOf(refused), refused.body.errors?.[0]?.extensions?.unmet]).toEqual(['CONFLICT', ['CASE_IN_DOSING']]);
    const cancelled = await gql(app, `mutation { cancelSession(id: "${sessionId}", reason: "Consent withdrawn") { status } }`, {}, staff.accessToken);
    expect(cancelled.body.data?.cancelSession.status).toBe('CANCELLED');
    const elsewhere = await createClinic(app, clock, 'sessions-other');
    const foreign = await addMember(app, elsewhere, ['PRESCRIBER']);
    expect(codeOf(await gql(app, DOSE, { s: sessionId, i: { amount: 40, unit: 'MG', lotNumber: 'L' } }, foreign.accessToken))).toBe('NOT_FOUND');
    expect(codeOf(await gql(app, VITALS, { s: sessionId, i: { at: clock.now().toISOString(), phase: 'DURING', spo2: 97 } }, foreign.accessToken))).toBe('NOT_FOUND');
    expect(codeOf(await gql(app, `mutation { cancelSession(id: "${sessionId}", reason: "x") { id } }`, {}, foreign.accessToken))).toBe('NOT_FOUND');
  });
});
