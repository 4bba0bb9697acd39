import { ManualClock } from '@tandem/core';
import type { Client } from 'pg';
import { assign } from './support/case-fixture';
import { addMember, codeOf, fieldOf, gql } from './support/clinic-fixture';
import type { Member } from './support/clinic-fixture';
import { PLAN, createDosingTeam, dosingCase } from './support/dosing-fixture';
import type { DosingTeam } from './support/dosing-fixture';
import { everyRow, superuserOf } from './support/table-digest';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

const SCHEDULE = `mutation S($c: ID!, $i: ScheduleSessionInput!) { scheduleSession(caseId: $c, input: $i) { id } }`;
const DOSE = `mutation D($s: ID!, $i: DoseInputType!) { recordDose(sessionId: $s, input: $i) { doseMg } }`;
const ADD = `mutation A($i: CredentialInput!) { addCredential(input: $i) { id } }`;
const VERIFY = `mutation V($id: ID!) { verifyCredential(id: $id) { verified } }`;
const UPDATE_PATIENT = `mutation U($id: ID!, $i: UpdatePatientInput!) { updatePatient(id: $id, input: $i) { state } }`;
const DOSE_INPUT = { amount: 0.5, unit: 'MG_PER_KG', lotNumber: 'LOT-7' };

describe('the prescriber dose gate, on ordering and recording a dose (real gateway, PostgreSQL as the runtime role)', () => {
  const clock = new ManualClock(new Date('2026-06-15T16:00:00Z'));
  let app: TestGateway;
  let superuser: Client;
  let team: DosingTeam;
  let caseId: string;
  let patientId: string;
  let sessionId: string;
  /** A second prescriber of record, new to the clinic: no credentials on file yet. */
  let locum: Member;

  const dose = (token: string) => gql(app, DOSE, { s: sessionId, i: DOSE_INPUT }, token);
  const unmetOf = (response: Awaited<ReturnType<typeof dose>>) => response.body.errors?.[0]?.extensions?.unmet as string[] | undefined;
  const credential = async (input: Record<string, unknown>) => (await gql(app, ADD, { i: input }, locum.accessToken)).body.data?.addCredential.id as string;
  const verify = (id: string) => gql(app, VERIFY, { id }, team.clinic.admin.accessToken);
  const order = (c: string, token: string) => gql(app, PLAN, { c, i: { route: 'IV', plannedDosingSessions: 6, doseUnit: 'MG_PER_KG', doseMin: 0.5, doseMax: 0.75 } }, token);

  /** Refused as FORBIDDEN naming `unmet`, and nothing at all written. */
  async function refused(send: () => ReturnType<typeof dose>, unmet: string[]): Promise<void> {
    const before = await everyRow(superuser);
    const response = await send();
    expect([codeOf(response), unmetOf(response), response.body.errors?.[0]?.extensions?.reason]).toEqual(['FORBIDDEN', unmet, 'CREDENTIALS']);
    expect(await everyRow(superuser)).toEqual(before);
  }

  beforeAll(async () => {
    app = await startTestGateway({ clock });
    superuser = await superuserOf(app);
    team = await createDosingTeam(app, clock, 'dose-gate');
    ({ caseId, patientId } = await dosingCase(app, team));
    locum = await addMember(app, team.clinic, ['PRESCRIBER']);
    await assign(app, team.clinic.admin.accessToken, caseId, locum.membershipId, 'PRESCRIBER_OF_RECORD');
    await gql(app, 'mutation W($p: ID!) { recordPatientWeight(patientId: $p, weightKg: 80) { id } }', { p: patientId }, team.nurse.accessToken);
    const startsAt = new Date(clock.now().getTime() + 60_000).toISOString();
    const participants = [team.prescriber.membershipId, team.therapist.membershipId, team.nurse.membershipId];
    const scheduled = await gql(app, SCHEDULE, { c: caseId, i: { kind: 'DOSING', startsAt, expectedMinutes: 180, location: 'IN_CLINIC', participantIds: participants } }, team.staff.accessToken);
    sessionId = scheduled.body.data?.scheduleSession.id as string;
    expect(scheduled.body.errors).toBeUndefined();
  });

  afterAll(async () => {
    await superuser.end();
    await app.stop();
  });

  it('a therapist may never record a dose', async () => {
    expect(codeOf(await dose(team.therapist.accessToken))).toBe('FORBIDDEN');
  });

  it('refuses a prescriber with no credentials, recording or ordering (the treatment plan)', async () => {
    await refused(() => dose(locum.accessToken), ['VERIFIED_LICENSE_IN_PATIENT_STATE', 'VERIFIED_DEA_REGISTRATION']);
    await refused(() => order(caseId, locum.accessToken), ['VERIFIED_LICENSE_IN_PATIENT_STATE', 'VERIFIED_DEA_REGISTRATION']);
  });

  it('refuses to order a dose for a patient with no state on record, however licensed the prescriber', async () => {
    const stateless = await dosingCase(app, team, { patientState: null, plan: false });
    await refused(() => order(stateless.caseId, team.prescriber.accessToken), ['PATIENT_STATE_ON_RECORD']);
  });

  it('takes the patient state as a US state code only', async () => {
    const bad = await gql(app, UPDATE_PATIENT, { id: patientId, i: { state: 'XX' } }, team.staff.accessToken);
    expect([codeOf(bad), fieldOf(bad)]).toEqual(['BAD_USER_INPUT', 'state']);
    expect((await gql(app, UPDATE_PATIENT, { id: patientId, i: { state: 'or' } }, team.staff.accessToken)).body.data?.updatePatient.state).toBe('OR');
  });

  it('does not count unverified credentials', async () => {
    await credential({ kind: 'LICENSE', jurisdiction: 'OR', number: 'MD54321', issuedOn: '2024-01-01', expiresOn: '2027-01-01' });
    await credential({ kind: 'DEA_REGISTRATION', number: 'BC7654329', issuedOn: '2025-01-01', expiresOn: '2028-01-01' });
    await refused(() => dose(locum.accessToken), ['VERIFIED_LICENSE_IN_PATIENT_STATE', 'VERIFIED_DEA_REGISTRATION']);
  });

  it('wants the licence in the patient’s state, and current (one expired yesterday does not count)', async () => {
    const held = (await gql(app, '{ myCredentials { id kind } }', {}, locum.accessToken)).body.data?.myCredentials as { id: string; kind: string }[];
    await verify(held.find((c) => c.kind === 'DEA_REGISTRATION')?.id ?? '');
    await verify(await credential({ kind: 'LICENSE', jurisdiction: 'NY', number: '123456', issuedOn: '2024-01-01', expiresOn: '2027-01-01' }));
    await verify(await credential({ kind: 'LICENSE', jurisdiction: 'OR', number: 'MD76543', issuedOn: '2022-01-01', expiresOn: '2026-06-14' }));
    await refused(() => dose(locum.accessToken), ['VERIFIED_LICENSE_IN_PATIENT_STATE']);
  });

  it('records the dose once a verified, current licence in the patient state is on file', async () => {
    const licences = (await gql(app, '{ myCredentials { id kind jurisdiction expiresOn } }', {}, locum.accessToken)).body.data?.myCredentials as { id: string; kind: string; jurisdiction: string; expiresOn: string }[];
    const current = licences.find((c) => c.kind === 'LICENSE' && c.jurisdiction === 'OR' && c.expiresOn === '2027-01-01');
    expect((await verify(current?.id ?? '')).body.data?.verifyCredential.verified).toBe(true);
    const given = await dose(locum.accessToken);
    expect(given.body.errors).toBeUndefined();
    expect(given.body.data?.recordDose).toEqual({ doseMg: 40 });
  });
});
