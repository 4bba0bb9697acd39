import { ManualClock } from '@tandem/core';
import { eventually } from '@tandem/testing';
import { addMember, codeOf, createClinic, fieldOf, gql } from './support/clinic-fixture';
import type { Member } from './support/clinic-fixture';
import { openCase, registerPatient } from './support/case-fixture';
import { createDosingTeam, dosingCase } from './support/dosing-fixture';
import type { DosingTeam } from './support/dosing-fixture';
import { ownerQuery, startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';
import { startTestWorker } from './support/test-worker';
import type { TestWorker } from './support/test-worker';

const MINUTE = 60_000;
const REQUEST = `mutation E($c: ID!, $r: String!) { requestEmergencyAccess(caseId: $c, reason: $r) { id caseId membershipId reason grantedAt expiresAt active reviewOutcome } }`;
const REVIEW = `mutation V($id: ID!, $o: EmergencyReviewOutcome!, $n: String) { reviewEmergencyAccess(id: $id, outcome: $o, note: $n) { id reviewOutcome reviewedBy reviewNote } }`;
const QUEUE = `query Q($s: EmergencyReviewStatus!) { emergencyAccessReviews(status: $s, page: { first: 50 }) { edges { node { id } } } }`;
const CASE = `query C($c: ID!) { case(id: $c) { id status indication emergencyAccesses { id membershipId reason active } } }`;
const PATIENT = `query P($p: ID!) { patient(id: $p) { familyName weight { kg } } }`;
const SESSIONS = `query S($c: ID!) { caseSessions(caseId: $c) { id kind } }`;
const TREND = `query T($c: ID!) { measureTrend(caseId: $c, instrument: PHQ9) { points { total } } }`;
const NOTES = `query N($c: ID!) { caseNotes(caseId: $c, page: { first: 20 }) { edges { node { id kind } } } }`;
const NOTE = `query R($id: ID!) { note(id: $id) { body } }`;
const INBOX = `{ inbox(page: { first: 50 }) { edges { node { kind subjectType subjectId caseId } } } }`;
const REASON = 'Patient presented in crisis at the front desk; the team cannot be reached.';

describe('emergency access: break the glass (real gateway, worker, Redis, PostgreSQL)', () => {
  const clock = new ManualClock(new Date('2026-06-15T12:00:00Z'));
  let app: TestGateway;
  let worker: TestWorker;
  let team: DosingTeam;
  let caseId: string;
  let patientId: string;
  let erNurse: Member;
  let erTherapist: Member;
  let collaborator: Member;
  let psychotherapyNote: string;
  let progressNote: string;
  let sessionId: string;

  const grantCount = async () => (await ownerQuery<{ n: number }>(app, 'SELECT count(*)::int AS n FROM emergency_access', []))[0]?.n;
  const timelineCount = async () => (await ownerQuery<{ n: number }>(app, `SELECT count(*)::int AS n FROM case_event WHERE kind = 'EMERGENCY_ACCESS_GRANTED'`, []))[0]?.n;
  const outboxCount = async () => (await ownerQuery<{ n: number }>(app, `SELECT count(*)::int AS n FROM outbox WHERE topic = 'emergency.access_granted'`, []))[0]?.n;
  const request = (who: Member, c: string, reason = REASON) => gql(app, REQUEST, { c, r: reason }, who.accessToken);
  const inboxOf = async (who: Member) => ((await gql(app, INBOX, {}, who.accessToken)).body.data?.inbox.edges ?? []).map((e: { node: unknown }) => e.node) as { kind: string; subjectId: string }[];

  async function signedNote(author: Member, kind: string, visibility: string, body: string): Promise<string> {
    const draft = (await gql(app, `mutation W($c: ID!, $i: WriteNoteInput!) { writeNote(caseId: $c, input: $i) { id version } }`, { c: caseId, i: { kind, visibility, body } }, author.accessToken)).body.data?.writeNote;
    await gql(app, `mutation S($id: ID!, $v: Int!) { signNote(id: $id, version: $v) { status } }`, { id: draft.id, v: draft.version }, author.accessToken);
    return draft.id as string;
  }

  beforeAll(async () => {
    app = await startTestGateway({ clock });
    worker = await startTestWorker(app, { clock });
    team = await createDosingTeam(app, clock, 'emergency');
    ({ caseId, patientId } = await dosingCase(app, team));
    [erNurse, erTherapist, collaborator] = [
      await addMember(app, team.clinic, ['NURSE']),
      await addMember(app, team.clinic, ['THERAPIST']),
      await addMember(app, team.clinic, ['NURSE'], { outsideCollaborator: true }),
    ];
    // Five minutes, so the clock can pass expiry without ending anyone's session.
    const settings = await gql(app, 'mutation U($i: UpdateClinicInput!) { updateClinic(input: $i) { settings } }', { i: { settings: { emergencyAccess: { durationMinutes: 5 } } } }, team.clinic.admin.accessToken);
    expect(settings.body.data?.updateClinic.settings.emergencyAccess).toEqual({ durationMinutes: 5 });
    await gql(app, 'mutation W($p: ID!) { recordPatientWeight(patientId: $p, weightKg: 80) { id } }', { p: patientId }, team.nurse.accessToken);
    const phq9 = [2, 2, 2, 2, 2, 2, 2, 2, 0];
    await gql(app, 'mutation M($c: ID!, $i: RecordMeasureInput!) { recordMeasure(caseId: $c, input: $i) { total } }', { c: caseId, i: { instrument: 'PHQ9', answers: phq9 } }, team.therapist.accessToken);
    const startsAt = new Date(clock.now().getTime() + 60 * MINUTE).toISOString();
    const session = { kind: 'DOSING', startsAt, expectedMinutes: 180, location: 'IN_CLINIC', participantIds: [team.prescriber.membershipId, team.therapist.membershipId, team.nurse.membershipId] };
    sessionId = (await gql(app, 'mutation S($c: ID!, $i: ScheduleSessionInput!) { scheduleSession(caseId: $c, input: $i) { id } }', { c: caseId, i: session }, team.prescriber.accessToken)).body.data?.scheduleSession.id;
    progressNote = await signedNote(team.therapist, 'PROGRESS', 'CARE_TEAM', 'Integration going well; sleeping better.');
    psychotherapyNote = await signedNote(team.therapist, 'PSYCHOTHERAPY', 'AUTHOR_ONLY', 'Private process notes.');
  });

  afterAll(async () => {
    await worker.stop();
    await app.stop();
  });

  it('refuses bad requests with a stable code and field, and writes nothing', async () => {
    const other = await createClinic(app, clock, 'elsewhere');
    const otherCase = await openCase(app, other.admin.accessToken, await registerPatient(app, other.admin.accessToken));
    const [grants, events, timeline] = [await grantCount(), await outboxCount(), await timelineCount()];
    const short = await request(erNurse, caseId, '   too short, sorry   ');
    expect([codeOf(short), fieldOf(short)]).toEqual(['BAD_USER_INPUT', 'reason']);
    const long = await request(erNurse, caseId, 'x'.repeat(2001));
    expect([codeOf(long), fieldOf(long)]).toEqual(['BAD_USER_INPUT', 'reason']);
    const onTeam = await request(team.nurse, caseId);
    expect([codeOf(onTeam), fieldOf(onTeam)]).toEqual(['CONFLICT', 'caseId']);
    for (const notClinician of [team.staff, team.clinic.admin, collaborator]) expect(codeOf(await request(notClinician, caseId))).toBe('FORBIDDEN');
    expect(codeOf(await request(erNurse, otherCase))).toBe('NOT_FOUND');
    expect(codeOf(await request(erNurse, '01890000-0000-7000-8000-000000000000'))).toBe('NOT_FOUND');
    expect(codeOf(await request(erNurse, 'not-an-id'))).toBe('NOT_FOUND');
    expect([await grantCount(), await outboxCount(), await timelineCount()]).toEqual([grants, events, timeline]);
    // Without a grant the nurse sees nothing clinical of the case.
    expect(codeOf(await gql(app, CASE, { c: caseId }, erNurse.accessToken))).toBe('NOT_FOUND');
  });

  it('grants an off-team nurse read access at once: case, patient, sessions, measures and shared notes, never psychotherapy notes, no writes', async () => {
    const granted = (await request(erNurse, caseId, `   ${REASON}   `)).body.data?.requestEmergencyAccess;
    expect(granted).toMatchObject({ caseId, membershipId: erNurse.membershipId, reason: REASON, active: true, reviewOutcome: null });
    expect(new Date(granted.expiresAt).getTime() - new Date(granted.grantedAt).getTime()).toBe(5 * MINUTE);
    // Asking again while it is active returns the same grant: no second window, no second alert.
    expect((await request(erNurse, caseId)).body.data?.requestEmergencyAccess.id).toBe(granted.id);
    expect(await outboxCount()).toBe(1);

    const asNurse = (await gql(app, CASE, { c: caseId }, erNurse.accessToken)).body.data?.case;
    expect(asNurse).toMatchObject({ id: caseId, status: 'DOSING', indication: 'TRD', emergencyAccesses: [{ id: granted.id, membershipId: erNurse.membershipId, active: true }] });
    expect((await gql(app, PATIENT, { p: patientId }, erNurse.accessToken)).body.data?.patient.weight).toEqual({ kg: 80 });
    expect((await gql(app, SESSIONS, { c: caseId }, erNurse.accessToken)).body.data?.caseSessions).toEqual([{ id: sessionId, kind: 'DOSING' }]);
    expect((await gql(app, TREND, { c: caseId }, erNurse.accessToken)).body.data?.measureTrend.points).toEqual([{ total: 16 }]);
    const listed = (await gql(app, NOTES, { c: caseId }, erNurse.accessToken)).body.data?.caseNotes.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(listed).toEqual([progressNote]);
    expect((await gql(app, NOTE, { id: progressNote }, erNurse.accessToken)).body.data?.note.body).toBe('Integration going well; sleeping better.');
    expect(codeOf(await gql(app, NOTE, { id: psychotherapyNote }, erNurse.accessToken))).toBe('NOT_FOUND');
    // Read-only: recording anything on the case is refused.
    const measure = await gql(app, 'mutation M($c: ID!, $i: RecordMeasureInput!) { recordMeasure(caseId: $c, input: $i) { total } }', { c: caseId, i: { instrument: 'PHQ9', answers: [0, 0, 0, 0, 0, 0, 0, 0, 0] } }, erNurse.accessToken);
    expect(codeOf(measure)).toBe('FORBIDDEN');
    // Another off-team clinician without a grant still sees nothing.
    expect(codeOf(await gql(app, CASE, { c: caseId }, erTherapist.accessToken))).toBe('NOT_FOUND');

    // The team sees who broke the glass and why; so do the admins; the timeline records it.
    const seenByTeam = (await gql(app, CASE, { c: caseId }, team.therapist.accessToken)).body.data?.case.emergencyAccesses;
    expect(seenByTeam).toEqual([{ id: granted.id, membershipId: erNurse.membershipId, reason: REASON, active: true }]);
    expect((await gql(app, CASE, { c: caseId }, team.clinic.admin.accessToken)).body.data?.case.emergencyAccesses).toEqual(seenByTeam);
    const timeline = await gql(app, 'query L($c: ID!) { caseTimeline(caseId: $c, page: { first: 100 }) { edges { node { kind detail } } } }', { c: caseId }, team.therapist.accessToken);
    expect(timeline.body.data?.caseTimeline.edges.map((e: { node: unknown }) => e.node)).toContainEqual({ kind: 'EMERGENCY_ACCESS_GRANTED', detail: { emergencyAccessId: granted.id } });

    // The care team and the admins are told (ids only), whatever their preferences.
    for (const who of [team.prescriber, team.therapist, team.nurse, team.clinic.admin]) {
      await eventually(async () => (await inboxOf(who)).some((n) => n.kind === 'EMERGENCY_ACCESS' && n.subjectId === granted.id));
    }
    expect((await inboxOf(team.staff)).filter((n) => n.kind === 'EMERGENCY_ACCESS')).toEqual([]);
    const [event] = await ownerQuery<{ payload: Record<string, string> }>(app, `SELECT payload FROM outbox WHERE topic = 'emergency.access_granted'`, []);
    expect(event?.payload).toEqual({ emergencyAccessId: granted.id, caseId, membershipId: erNurse.membershipId });
  });

  it('ends exactly at expiresAt: the first request at that instant is refused, as is every one after', async () => {
    const [grant] = await ownerQuery<{ expires_at: Date }>(app, 'SELECT expires_at FROM emergency_access WHERE membership_id = $1', [erNurse.membershipId]);
    const expiresAt = grant.expires_at.getTime();
    clock.set(new Date(expiresAt - 1));
    expect((await gql(app, CASE, { c: caseId }, erNurse.accessToken)).body.data?.case.id).toBe(caseId);
    clock.set(new Date(expiresAt));
    expect(codeOf(await gql(app, CASE, { c: caseId }, erNurse.accessToken))).toBe('NOT_FOUND');
    clock.set(new Date(expiresAt + 1));
    for (const query of [CASE, SESSIONS, TREND]) expect(codeOf(await gql(app, query, { c: caseId }, erNurse.accessToken))).toBe('NOT_FOUND');
    expect(codeOf(await gql(app, NOTE, { id: progressNote }, erNurse.accessToken))).toBe('NOT_FOUND');
    expect((await gql(app, PATIENT, { p: patientId }, erNurse.accessToken)).body.data?.patient.weight).toBeNull();
    // The expired grant stays on the case's record, inactive.
    expect((await gql(app, CASE, { c: caseId }, team.therapist.accessToken)).body.data?.case.emergencyAccesses).toEqual([expect.objectContaining({ active: false })]);
  });

  it('waits in the admins’ queue until an admin accepts or flags it (a flag needs a note)', async () => {
    const second = (await request(erTherapist, caseId, 'Covering the on-call line overnight; patient called in distress.')).body.data?.requestEmergencyAccess.id as string;
    const [first] = await ownerQuery<{ id: string }>(app, 'SELECT id FROM emergency_access WHERE membership_id = $1', [erNurse.membershipId]);
    const firstId = first.id;
    const queue = async (status: string) => (await gql(app, QUEUE, { s: status }, team.clinic.admin.accessToken)).body.data?.emergencyAccessReviews.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(await queue('PENDING')).toEqual([firstId, second]);
    expect(codeOf(await gql(app, QUEUE, { s: 'PENDING' }, team.prescriber.accessToken))).toBe('FORBIDDEN');
    expect(codeOf(await gql(app, REVIEW, { id: firstId, o: 'ACCEPTED' }, team.prescriber.accessToken))).toBe('FORBIDDEN');

    const noNote = await gql(app, REVIEW, { id: second, o: 'FLAGGED', n: '   ' }, team.clinic.admin.accessToken);
    expect([codeOf(noNote), fieldOf(noNote)]).toEqual(['BAD_USER_INPUT', 'note']);
    expect(await queue('PENDING')).toEqual([firstId, second]);

    const accepted = (await gql(app, REVIEW, { id: firstId, o: 'ACCEPTED' }, team.clinic.admin.accessToken)).body.data?.reviewEmergencyAccess;
    expect(accepted).toEqual({ id: firstId, reviewOutcome: 'ACCEPTED', reviewedBy: team.clinic.admin.membershipId, reviewNote: null });
    const flagged = (await gql(app, REVIEW, { id: second, o: 'FLAGGED', n: 'No call on record; ask the therapist.' }, team.clinic.admin.accessToken)).body.data?.reviewEmergencyAccess;
    expect(flagged).toMatchObject({ reviewOutcome: 'FLAGGED', reviewNote: 'No call on record; ask the therapist.' });
    expect(codeOf(await gql(app, REVIEW, { id: firstId, o: 'FLAGGED', n: 'changed my mind' }, team.clinic.admin.accessToken))).toBe('CONFLICT');
    expect(codeOf(await gql(app, REVIEW, { id: '01890000-0000-7000-8000-000000000000', o: 'ACCEPTED' }, team.clinic.admin.accessToken))).toBe('NOT_FOUND');
    expect([await queue('PENDING'), await queue('REVIEWED')]).toEqual([[], [firstId, second]]);

    // An admin who is also a clinician may break the glass, but another admin reviews it.
    const adminNurse = await addMember(app, team.clinic, ['ADMIN', 'NURSE']);
    const own = (await request(adminNurse, caseId)).body.data?.requestEmergencyAccess.id as string;
    expect(codeOf(await gql(app, REVIEW, { id: own, o: 'ACCEPTED' }, adminNurse.accessToken))).toBe('FORBIDDEN');
    expect(await queue('PENDING')).toEqual([own]);
  });
});
