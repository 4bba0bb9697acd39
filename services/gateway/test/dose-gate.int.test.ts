import { ManualClock } from '@tandem/core';
import type { Client } from 'pg';
import { codeOf, fieldOf, gql } from './support/clinic-fixture';
import { createDosingTeam, dosingCase } from './support/dosing-fixture';
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

describe('the prescriber dose gate (real gateway, PostgreSQL as the runtime role)', () => {
  const clock = new ManualClock(new Date('2026-06-15T16:00:00Z'));
  let app: TestGateway;
  let superuser: Client;
  let team: DosingTeam;
  let patientId: string;
  let sessionId: string;

  const dose = (token: string) => gql(app, DOSE, { s: sessionId, i: DOSE_INPUT }, token);
  const unmetOf = (response: Awaited<ReturnType<typeof dose>>) => response.body.errors?.[0]?.extensions?.unmet as string[] | undefined;
  const credential = async (input: Record<string, unknown>) => (await gql(app, ADD, { i: input }, team.prescriber.accessToken)).body.data?.addCredential.id as string;
  const verify = (id: string) => gql(app, VERIFY, { id }, team.clinic.admin.accessToken);

  /** Refused as FORBIDDEN naming `unmet`, and nothing at all written. */
  async function refused(unmet: string[]): Promise<void> {
    const before = await everyRow(superuser);
    const response = await dose(team.prescriber.accessToken);
    expect([codeOf(response), unmetOf(response), response.body.errors?.[0]?.extensions?.reason]).toEqual(['FORBIDDEN', unmet, 'CREDENTIALS']);
    expect(await everyRow(superuser)).toEqual(before);
  }

  beforeAll(async () => {
    app = await startTestGateway({ clock });
    superuser = await superuserOf(app);
    team = await createDosingTeam(app, clock, 'dose-gate');
    const made = await dosingCase(app, team);
    patientId = made.patientId;
    await gql(app, 'mutation W($p: ID!) { recordPatientWeight(patientId: $p, weightKg: 80) { id } }', { p: patientId }, team.nurse.accessToken);
    const startsAt = new Date(clock.now().getTime() + 60_000).toISOString();
    const participants = [team.prescriber.membershipId, team.nurse.membershipId];
    sessionId = (await gql(app, SCHEDULE, { c: made.caseId, i: { kind: 'DOSING', startsAt, expectedMinutes: 180, location: 'IN_CLINIC', participantIds: participants } }, team.staff.accessToken)).body.data
      ?.scheduleSession.id as string;
    const enforced = await gql(app, 'mutation { updateClinic(input: { settings: { credentials: { enforceGates: true } } }) { settings } }', {}, team.clinic.admin.accessToken);
    expect(enforced.body.data?.updateClinic.settings.credentials).toEqual({ enforceGates: true });
  });

  afterAll(async () => {
    await superuser.end();
    await app.stop();
  });

  it('a therapist may never record a dose', async () => {
    expect(codeOf(await dose(team.therapist.accessToken))).toBe('FORBIDDEN');
  });

  it('refuses a prescriber with no credentials, for a patient with no state on record', async () => {
    await refused(['PATIENT_STATE_ON_RECORD', 'VERIFIED_DEA_REGISTRATION']);
  });

  it('takes the patient state as a US state code only', async () => {
    const bad = await gql(app, UPDATE_PATIENT, { id: patientId, i: { state: 'XX' } }, team.staff.accessToken);
    expect([codeOf(bad), fieldOf(bad)]).toEqual(['BAD_USER_INPUT', 'state']);
    expect((await gql(app, UPDATE_PATIENT, { id: patientId, i: { state: 'ca' } }, team.staff.accessToken)).body.data?.updatePatient.state).toBe('CA');
  });

  it('does not count unverified credentials', async () => {
    await credential({ kind: 'LICENSE', jurisdiction: 'CA', number: 'A123456', issuedOn: '2024-01-01', expiresOn: '2027-01-01' });
    await credential({ kind: 'DEA_REGISTRATION', number: 'AB1234563', issuedOn: '2025-01-01', expiresOn: '2028-01-01' });
    await refused(['VERIFIED_LICENSE_IN_PATIENT_STATE', 'VERIFIED_DEA_REGISTRATION']);
  });

  it('wants the licence in the patient’s state, and current (one expired yesterday does not count)', async () => {
    const held = (await gql(app, '{ myCredentials { id kind } }', {}, team.prescriber.accessToken)).body.data?.myCredentials as { id: string; kind: string }[];
    await verify(held.find((c) => c.kind === 'DEA_REGISTRATION')?.id ?? '');
    await verify(await credential({ kind: 'LICENSE', jurisdiction: 'NY', number: '123456', issuedOn: '2024-01-01', expiresOn: '2027-01-01' }));
    await verify(await credential({ kind: 'LICENSE', jurisdiction: 'CA', number: 'A765432', issuedOn: '2022-01-01', expiresOn: '2026-06-14' }));
    await refused(['VERIFIED_LICENSE_IN_PATIENT_STATE']);
  });

  it('records the dose once a verified, current licence in the patient state is on file', async () => {
    const licences = (await gql(app, '{ myCredentials { id kind jurisdiction expiresOn } }', {}, team.prescriber.accessToken)).body.data?.myCredentials as { id: string; kind: string; jurisdiction: string; expiresOn: string }[];
    const current = licences.find((c) => c.kind === 'LICENSE' && c.jurisdiction === 'CA' && c.expiresOn === '2027-01-01');
    expect((await verify(current?.id ?? '')).body.data?.verifyCredential.verified).toBe(true);
    const given = await dose(team.prescriber.accessToken);
    expect(given.body.errors).toBeUndefined();
    expect(given.body.data?.recordDose).toEqual({ doseMg: 40 });
  });
});
