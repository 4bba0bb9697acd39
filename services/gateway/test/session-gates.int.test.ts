import { ManualClock } from '@tandem/core';
import type { Client } from 'pg';
import { codeOf, gql } from './support/clinic-fixture';
import type { Member } from './support/clinic-fixture';
import { createDosingTeam, dosingCase } from './support/dosing-fixture';
import type { DosingTeam } from './support/dosing-fixture';
import { everyRow, superuserOf } from './support/table-digest';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

const DAY = 86_400_000;
const SCHEDULE = `mutation S($c: ID!, $i: ScheduleSessionInput!) { scheduleSession(caseId: $c, input: $i) { id } }`;
const ADD = `mutation A($i: CredentialInput!) { addCredential(input: $i) { id } }`;
const VERIFY = `mutation V($id: ID!) { verifyCredential(id: $id) { verified } }`;
const ALL_BUT_INTEGRATION = ['SCREENING', 'SET_AND_SETTING', 'ETHICS', 'TRAUMA_INFORMED_CARE'];

describe('credential gates on scheduling a dosing session (real gateway, PostgreSQL as the runtime role)', () => {
  const clock = new ManualClock(new Date('2026-06-15T16:00:00Z'));
  let app: TestGateway;
  let superuser: Client;
  let team: DosingTeam;
  let caseId: string;

  const schedule = (inDays: number, participants: Member[]) =>
    gql(app, SCHEDULE, { c: caseId, i: { kind: 'DOSING', startsAt: new Date(clock.now().getTime() + inDays * DAY).toISOString(), expectedMinutes: 180, location: 'IN_CLINIC', participantIds: participants.map((p) => p.membershipId) } }, team.staff.accessToken);
  const verified = async (holder: Member, input: Record<string, unknown>) => {
    const id = (await gql(app, ADD, { i: input }, holder.accessToken)).body.data?.addCredential.id as string;
    expect((await gql(app, VERIFY, { id }, team.clinic.admin.accessToken)).body.data?.verifyCredential.verified).toBe(true);
  };

  /** Refused as CONFLICT naming `unmet`, and nothing at all written. */
  async function refused(inDays: number, participants: Member[], unmet: string[]): Promise<void> {
    const before = await everyRow(superuser);
    const response = await schedule(inDays, participants);
    expect([codeOf(response), response.body.errors?.[0]?.extensions?.unmet, response.body.errors?.[0]?.extensions?.reason]).toEqual(['CONFLICT', unmet, 'CREDENTIALS']);
    expect(await everyRow(superuser)).toEqual(before);
  }

  beforeAll(async () => {
    app = await startTestGateway({ clock });
    superuser = await superuserOf(app);
    team = await createDosingTeam(app, clock, 'session-gates');
    ({ caseId } = await dosingCase(app, team));
    await gql(app, 'mutation { updateClinic(input: { settings: { credentials: { enforceGates: true } } }) { name } }', {}, team.clinic.admin.accessToken);
  });

  afterAll(async () => {
    await superuser.end();
    await app.stop();
  });

  it('refuses a monitoring nurse without a verified licence and BLS', async () => {
    await refused(1, [team.prescriber, team.nurse], ['MONITORING_NURSE:VERIFIED_LICENSE', 'MONITORING_NURSE:VERIFIED_BLS']);
  });

  it('schedules once the nurse’s licence and BLS are verified', async () => {
    await verified(team.nurse, { kind: 'LICENSE', jurisdiction: 'OR', number: 'RN123456', issuedOn: '2020-01-01', expiresOn: '2028-01-01' });
    await verified(team.nurse, { kind: 'BLS', issuedOn: '2024-07-10', expiresOn: '2026-07-10' });
    expect(codeOf(await schedule(1, [team.prescriber, team.nurse]))).toBeUndefined();
  });

  it('refuses a facilitator whose training lacks integration (a trainee: no supervision yet)', async () => {
    await verified(team.therapist, { kind: 'KAP_TRAINING', issuedOn: '2025-01-01', hours: 60, modules: ALL_BUT_INTEGRATION });
    await refused(15, [team.prescriber, team.therapist, team.nurse], ['FACILITATOR:TRAINING_INTEGRATION']);
    await verified(team.therapist, { kind: 'KAP_TRAINING', issuedOn: '2025-06-01', hours: 6, modules: ['INTEGRATION'] });
    expect(codeOf(await schedule(15, [team.prescriber, team.therapist, team.nurse]))).toBeUndefined();
  });

  it('refuses a session after a credential expires (BLS valid through 2026-07-10)', async () => {
    await refused(40, [team.prescriber, team.therapist, team.nurse], ['MONITORING_NURSE:VERIFIED_BLS']);
  });
});
