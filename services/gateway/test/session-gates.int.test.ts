import { ManualClock } from '@tandem/core';
import type { Client } from 'pg';
import { assign } from './support/case-fixture';
import { addMember, codeOf, fieldOf, gql } from './support/clinic-fixture';
import type { Member } from './support/clinic-fixture';
import { createDosingTeam, dosingCase, holdVerified } from './support/dosing-fixture';
import type { DosingTeam } from './support/dosing-fixture';
import { everyRow, superuserOf } from './support/table-digest';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

const DAY = 86_400_000;
const SCHEDULE = `mutation S($c: ID!, $i: ScheduleSessionInput!) { scheduleSession(caseId: $c, input: $i) { id } }`;
const WRITE = `mutation W($c: ID!, $i: WriteNoteInput!) { writeNote(caseId: $c, input: $i) { id version } }`;
const EDIT = `mutation E($id: ID!, $i: EditNoteInput!) { editNote(id: $id, input: $i) { version cosignerId } }`;
const SIGN = `mutation G($id: ID!, $v: Int!) { signNote(id: $id, version: $v) { status cosignerId } }`;
const ALL_BUT_INTEGRATION = ['SCREENING', 'SET_AND_SETTING', 'ETHICS', 'TRAUMA_INFORMED_CARE'];

describe('credential gates on scheduling a dosing session, trainees and their supervisor (real gateway, PostgreSQL as the runtime role)', () => {
  const clock = new ManualClock(new Date('2026-06-15T16:00:00Z'));
  let app: TestGateway;
  let superuser: Client;
  let team: DosingTeam;
  let caseId: string;
  /** A second therapist, co-therapist on the case, who may supervise once fully trained. */
  let senior: Member;

  const schedule = (inDays: number, participants: Member[], supervisor?: Member) =>
    gql(app, SCHEDULE, { c: caseId, i: { kind: 'DOSING', startsAt: new Date(clock.now().getTime() + inDays * DAY).toISOString(), expectedMinutes: 180, location: 'IN_CLINIC', participantIds: participants.map((p) => p.membershipId), supervisorId: supervisor?.membershipId } }, team.staff.accessToken);
  const verified = (holder: Member, input: Record<string, unknown>) => holdVerified(app, team, holder, input);

  /** Refused with `code` (naming `unmet` or `field`), and nothing at all written. */
  async function refused(send: () => ReturnType<typeof schedule>, expected: { unmet: string[] } | { field: string }): Promise<void> {
    const before = await everyRow(superuser);
    const response = await send();
    if ('unmet' in expected) {
      expect([codeOf(response), response.body.errors?.[0]?.extensions?.unmet, response.body.errors?.[0]?.extensions?.reason]).toEqual(['CONFLICT', expected.unmet, 'CREDENTIALS']);
    } else {
      expect([codeOf(response), fieldOf(response)]).toEqual(['BAD_USER_INPUT', expected.field]);
    }
    expect(await everyRow(superuser)).toEqual(before);
  }

  beforeAll(async () => {
    app = await startTestGateway({ clock });
    superuser = await superuserOf(app);
    team = await createDosingTeam(app, clock, 'session-gates', { uncredentialed: ['therapist', 'nurse'] });
    ({ caseId } = await dosingCase(app, team));
    senior = await addMember(app, team.clinic, ['THERAPIST']);
    await assign(app, team.clinic.admin.accessToken, caseId, senior.membershipId, 'CO_THERAPIST');
  });

  afterAll(async () => {
    await superuser.end();
    await app.stop();
  });

  it('refuses a dosing session with no facilitator, and a monitoring nurse without a verified licence and BLS', async () => {
    await refused(() => schedule(1, [team.prescriber, team.nurse]), { unmet: ['FACILITATOR:ON_SESSION', 'MONITORING_NURSE:VERIFIED_LICENSE', 'MONITORING_NURSE:VERIFIED_BLS'] });
    await verified(team.nurse, { kind: 'LICENSE', jurisdiction: 'OR', number: 'RN123456', issuedOn: '2020-01-01', expiresOn: '2028-01-01' });
    await verified(team.nurse, { kind: 'BLS', issuedOn: '2024-07-10', expiresOn: '2026-07-10' });
    await refused(() => schedule(1, [team.prescriber, team.nurse]), { unmet: ['FACILITATOR:ON_SESSION'] });
  });

  it('refuses a facilitator with no training, naming every requirement', async () => {
    const all = ['SCREENING', 'SET_AND_SETTING', 'INTEGRATION', 'ETHICS', 'TRAUMA_INFORMED_CARE'].map((m) => `FACILITATOR:TRAINING_${m}`);
    await refused(() => schedule(1, [team.prescriber, team.therapist, team.nurse]), { unmet: [...all, 'FACILITATOR:TRAINING_HOURS'] });
  });

  it('refuses a trainee (training lacking integration) without a supervisor on the session', async () => {
    await verified(team.therapist, { kind: 'KAP_TRAINING', issuedOn: '2025-01-01', hours: 60, modules: ALL_BUT_INTEGRATION });
    await refused(() => schedule(1, [team.prescriber, team.therapist, team.nurse]), { unmet: ['FACILITATOR:SUPERVISOR_ON_SESSION'] });
  });

  it('refuses a supervisor who is not a participant, and one who is not qualified (their training lacks integration)', async () => {
    await refused(() => schedule(1, [team.prescriber, team.therapist, team.nurse], senior), { field: 'supervisorId' });
    await verified(senior, { kind: 'KAP_TRAINING', issuedOn: '2024-01-01', hours: 80, modules: ALL_BUT_INTEGRATION });
    await refused(() => schedule(1, [team.prescriber, team.therapist, senior, team.nurse], senior), { unmet: ['SUPERVISOR:TRAINING_INTEGRATION'] });
  });

  it('lets a trainee facilitate under a qualified supervisor, whose co-signature their session notes then need', async () => {
    await verified(senior, { kind: 'KAP_TRAINING', issuedOn: '2025-03-01', hours: 8, modules: ['INTEGRATION'] });
    const scheduled = await schedule(1, [team.prescriber, team.therapist, senior, team.nurse], senior);
    const sessionId = scheduled.body.data?.scheduleSession.id as string;
    const onRecord = (await gql(app, `{ caseSessions(caseId: "${caseId}") { id supervisorId } }`, {}, team.therapist.accessToken)).body.data?.caseSessions;
    expect(onRecord).toEqual([{ id: sessionId, supervisorId: senior.membershipId }]);
    const note = (await gql(app, WRITE, { c: caseId, i: { kind: 'PROGRESS', visibility: 'CARE_TEAM', body: 'Dosing session: settled after 20 minutes.', sessionId } }, team.therapist.accessToken)).body.data?.writeNote;
    const sign = (version: number) => gql(app, SIGN, { id: note.id, v: version }, team.therapist.accessToken);
    await refused(() => sign(note.version), { field: 'cosignerId' });
    const wrongCosigner = (await gql(app, EDIT, { id: note.id, i: { version: note.version, cosignerId: team.prescriber.membershipId } }, team.therapist.accessToken)).body.data?.editNote;
    await refused(() => sign(wrongCosigner.version), { field: 'cosignerId' });
    const supervised = (await gql(app, EDIT, { id: note.id, i: { version: wrongCosigner.version, cosignerId: senior.membershipId } }, team.therapist.accessToken)).body.data?.editNote;
    expect((await sign(supervised.version)).body.data?.signNote).toEqual({ status: 'SIGNED', cosignerId: senior.membershipId });
  });

  it('schedules the therapist alone once their training is complete', async () => {
    await verified(team.therapist, { kind: 'KAP_TRAINING', issuedOn: '2025-06-01', hours: 6, modules: ['INTEGRATION'] });
    expect(codeOf(await schedule(15, [team.prescriber, team.therapist, team.nurse]))).toBeUndefined();
  });

  it('refuses a session after a credential expires (BLS valid through 2026-07-10)', async () => {
    await refused(() => schedule(40, [team.prescriber, team.therapist, team.nurse]), { unmet: ['MONITORING_NURSE:VERIFIED_BLS'] });
  });
});
