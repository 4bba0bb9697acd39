import { ManualClock, newId } from '@tandem/core';
import type { UserPrincipal } from '@tandem/core';
import { contextFor } from '@tandem/testing';
import { addMember, codeOf, createClinic, gql } from './support/clinic-fixture';
import type { Clinic, Member } from './support/clinic-fixture';
import { assign, openCase, registerPatient } from './support/case-fixture';
import { createDosingTeam, dosingCase } from './support/dosing-fixture';
import { ownerQuery, startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

const WRITE = `mutation W($c: ID!, $i: WriteNoteInput!) { writeNote(caseId: $c, input: $i) { id version } }`;
const SIGN = `mutation S($id: ID!, $v: Int!) { signNote(id: $id, version: $v) { status } }`;
const READ_NOTE = `query R($id: ID!) { note(id: $id) { body } }`;
const READ_PATIENT = `query P($id: ID!) { patient(id: $id) { givenName familyName phone } }`;
const UPDATE_PATIENT = `mutation U($id: ID!, $i: UpdatePatientInput!) { updatePatient(id: $id, input: $i) { id } }`;

interface EventRow {
  id: string;
  actor_kind: string;
  actor_id: string | null;
  acting_roles: string[] | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  case_id: string | null;
  patient_id: string | null;
  fields: string[];
  outcome: string;
  request_id: string | null;
  ip: string | null;
  user_agent: string | null;
  emergency: boolean;
}

describe('the audit trail: reads, writes and refusals (through HTTP)', () => {
  const clock = new ManualClock(new Date('2026-06-15T12:00:00Z'));
  let app: TestGateway;
  let clinic: Clinic;
  let prescriber: Member;
  let outsider: Member;
  let patientId: string;
  let caseId: string;
  let noteId: string;

  beforeAll(async () => {
    app = await startTestGateway({ clock });
    clinic = await createClinic(app, clock, 'audit');
    prescriber = await addMember(app, clinic, ['PRESCRIBER']);
    outsider = await addMember(app, clinic, ['THERAPIST']);
    patientId = await registerPatient(app, clinic.admin.accessToken);
    caseId = await openCase(app, clinic.admin.accessToken, patientId);
    await assign(app, clinic.admin.accessToken, caseId, prescriber.membershipId, 'PRESCRIBER_OF_RECORD');
    const draft = (await gql(app, WRITE, { c: caseId, i: { kind: 'PROGRESS', visibility: 'CARE_TEAM', body: 'Tolerated the session well.' } }, prescriber.accessToken)).body.data?.writeNote;
    noteId = draft.id as string;
    await gql(app, SIGN, { id: noteId, v: draft.version as number }, prescriber.accessToken);
  });

  afterAll(async () => {
    await app.stop();
  });

  const events = (where: string, parameters: unknown[]) =>
    ownerQuery<EventRow>(app, `SELECT * FROM audit_event WHERE tenant_id = $1 AND ${where} ORDER BY occurred_at, id`, [clinic.id, ...parameters]);

  it('records a read of note content and of demographics with the actor, roles, patient, request and field names', async () => {
    expect((await gql(app, READ_NOTE, { id: noteId }, prescriber.accessToken)).body.data?.note.body).toBe('Tolerated the session well.');
    const [read] = await events(`subject_id = $2 AND action = 'read'`, [noteId]);
    expect(read).toMatchObject({
      actor_kind: 'user',
      actor_id: prescriber.userId,
      acting_roles: ['PRESCRIBER'],
      subject_type: 'Note',
      case_id: caseId,
      patient_id: patientId,
      outcome: 'ALLOWED',
      emergency: false,
      ip: expect.any(String),
    });
    expect(read?.fields).toContain('body');
    expect(read?.request_id).toEqual(expect.any(String));

    await gql(app, READ_PATIENT, { id: patientId }, clinic.admin.accessToken);
    const [demographics] = await events(`subject_type = 'Patient' AND action = 'read' AND actor_id = $2`, [clinic.admin.userId]);
    expect(demographics).toMatchObject({ subject_id: patientId, patient_id: patientId, acting_roles: ['ADMIN'] });
    expect(demographics?.fields).toEqual(expect.arrayContaining(['givenName', 'familyName']));
  });

  it('records reads of case clinical content, patient lists, sessions and measures', async () => {
    await gql(app, `query C($id: ID!) { case(id: $id) { indication status } }`, { id: caseId }, prescriber.accessToken);
    const [clinical] = await events(`subject_type = 'Case' AND action = 'read' AND actor_id = $2`, [prescriber.userId]);
    expect(clinical).toMatchObject({ subject_id: caseId, case_id: caseId, patient_id: patientId });
    expect(clinical?.fields).toContain('indication');
    // The admin's view of a case is logistics only (no indication): not a read of clinical content.
    await gql(app, `query C($id: ID!) { case(id: $id) { status } }`, { id: caseId }, clinic.admin.accessToken);
    expect(await events(`subject_type = 'Case' AND action = 'read' AND actor_id = $2`, [clinic.admin.userId])).toEqual([]);

    await gql(app, `{ patients(search: "Lovelace", page: { first: 10 }) { count } }`, {}, prescriber.accessToken);
    const listed = await events(`subject_type = 'Patient' AND action = 'read' AND actor_id = $2`, [prescriber.userId]);
    expect(listed.map((event) => event.subject_id)).toEqual([patientId]);

    const scheduled = await gql(
      app,
      'mutation S($c: ID!, $p: [ID!]!) { scheduleSession(caseId: $c, input: { kind: INTEGRATION, startsAt: "2026-07-01T10:00:00Z", expectedMinutes: 60, location: TELEHEALTH, participantIds: $p }) { id } }',
      { c: caseId, p: [prescriber.membershipId] },
      prescriber.accessToken,
    );
    const sessionId = scheduled.body.data?.scheduleSession.id as string;
    await gql(app, `query S($c: ID!) { caseSessions(caseId: $c) { id location } }`, { c: caseId }, prescriber.accessToken);
    const sessions = await events(`subject_type = 'TreatmentSession' AND action = 'read'`, []);
    expect(sessions).toMatchObject([{ subject_id: sessionId, case_id: caseId, patient_id: patientId, actor_id: prescriber.userId }]);
    expect(sessions[0]?.fields).toEqual(expect.arrayContaining(['kind', 'startsAt', 'location']));

    const measure = await gql(app, 'mutation M($c: ID!) { recordMeasure(caseId: $c, input: { instrument: PHQ9, answers: [1,1,1,1,1,1,1,1,0] }) { id } }', { c: caseId }, prescriber.accessToken);
    const measureId = measure.body.data?.recordMeasure.id as string;
    const trend = await gql(app, 'query T($c: ID!) { measureTrend(caseId: $c, instrument: PHQ9) { latest { total } } }', { c: caseId }, prescriber.accessToken);
    expect([measure.body.errors, trend.body.errors]).toEqual([undefined, undefined]);
    const measures = await events(`subject_type = 'Measure' AND action = 'read'`, []);
    expect(measures).toMatchObject([{ subject_id: measureId, case_id: caseId, patient_id: patientId, fields: ['administeredAt', 'total'] }]);
  });

  it("names a case's patient weight only when the operation asked for it, and a latest measure's scores, never its item answers", async () => {
    const weighed = await gql(app, 'mutation W($p: ID!) { recordPatientWeight(patientId: $p, weightKg: 71.5) { id } }', { p: patientId }, prescriber.accessToken);
    const scored = await gql(app, 'mutation M($c: ID!) { recordMeasure(caseId: $c, input: { instrument: PHQ9, answers: [2,1,1,1,1,1,1,1,0] }) { id } }', { c: caseId }, prescriber.accessToken);
    expect([weighed.body.errors, scored.body.errors]).toEqual([undefined, undefined]);
    const latestRead = async (type: string) => (await events(`subject_type = $2 AND action = 'read' AND actor_id = $3`, [type, prescriber.userId])).at(-1);

    const withoutWeight = await gql(app, 'query C($id: ID!) { case(id: $id) { patient { mrn } latestMeasure(instrument: PHQ9) { total band } } }', { id: caseId }, prescriber.accessToken);
    expect(withoutWeight.body.errors).toBeUndefined();
    expect(withoutWeight.body.data?.case.latestMeasure.total).toBe(9);
    const patient = await latestRead('Patient');
    expect(patient).toMatchObject({ subject_id: patientId, request_id: expect.any(String) });
    expect(patient?.fields).toContain('mrn');
    expect(patient?.fields).not.toContain('weight');
    const measure = await latestRead('Measure');
    expect(measure).toMatchObject({ subject_id: scored.body.data?.recordMeasure.id, request_id: patient?.request_id });
    expect(measure?.fields).toEqual(expect.arrayContaining(['administeredAt', 'total', 'band']));
    expect(measure?.fields).not.toContain('answers');

    // Through a fragment, as a client's generated code would ask it.
    const withWeight = await gql(app, 'query C($id: ID!) { case(id: $id) { patient { ...Clinical } } } fragment Clinical on Patient { mrn weight { kg } }', { id: caseId }, prescriber.accessToken);
    expect(withWeight.body.data?.case.patient.weight).toEqual({ kg: 71.5 });
    expect((await latestRead('Patient'))?.fields).toEqual(expect.arrayContaining(['mrn', 'weight']));
  });

  it("records reads of follow-ups, naming the free-text fields the reader's view held", async () => {
    const created = await gql(
      app,
      'mutation F($c: ID!, $i: FollowUpInputType!) { createFollowUp(caseId: $c, input: $i) { id } }',
      { c: caseId, i: { kind: 'CUSTOM', title: 'Repeat blood pressure after the syncope', assigneeId: prescriber.membershipId, dueAt: '2026-06-20T09:00:00Z' } },
      prescriber.accessToken,
    );
    const followUpId = created.body.data?.createFollowUp.id as string;
    const listed = await gql(app, 'query L($c: ID!) { caseFollowUps(caseId: $c, page: { first: 10 }) { edges { node { id title } } } }', { c: caseId }, prescriber.accessToken);
    expect(listed.body.errors).toBeUndefined();
    expect(await events(`subject_type = 'FollowUp' AND action = 'read'`, [])).toMatchObject([
      { subject_id: followUpId, case_id: caseId, patient_id: patientId, actor_id: prescriber.userId, fields: ['title'] },
    ]);
  });

  it("records a read of a case's timeline as a read of the case naming the timeline", async () => {
    const read = await gql(app, 'query T($c: ID!) { caseTimeline(caseId: $c, page: { first: 10 }) { edges { node { id } } } }', { c: caseId }, prescriber.accessToken);
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data?.caseTimeline.edges.length).toBeGreaterThan(0);
    expect(await events(`subject_type = 'Case' AND action = 'read' AND fields = ARRAY['timeline']`, [])).toMatchObject([
      { subject_id: caseId, case_id: caseId, patient_id: patientId, actor_id: prescriber.userId, outcome: 'ALLOWED' },
    ]);
  });

  it('records writes in the database with the changed column names, never their values', async () => {
    const phone = '+1 555 0100 7788';
    expect((await gql(app, UPDATE_PATIENT, { id: patientId, i: { phone } }, clinic.admin.accessToken)).body.errors).toBeUndefined();
    const updates = await events(`subject_type = 'Patient' AND action = 'update'`, []);
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ actor_kind: 'user', actor_id: clinic.admin.userId, subject_id: patientId, patient_id: patientId, outcome: 'ALLOWED' });
    // updated_at is unchanged: the test clock stands still.
    expect(updates[0]?.fields).toEqual(['phone']);
    expect(JSON.stringify(updates)).not.toContain('0100');

    const created = await events(`subject_type = 'Note' AND action = 'create'`, []);
    expect(created[0]).toMatchObject({ subject_id: noteId, case_id: caseId, patient_id: patientId, actor_id: prescriber.userId });
    expect(created[0]?.fields).toContain('body');
  });

  it('records reads of screenings, consents and safety signals, each record with the field names read', async () => {
    const team = await createDosingTeam(app, clock, 'audit-clinical');
    const dosing = await dosingCase(app, team);
    const phq9 = { instrument: 'PHQ9', answers: [1, 1, 1, 1, 1, 1, 1, 1, 2] };
    await gql(app, 'mutation M($c: ID!, $i: RecordMeasureInput!) { recordMeasure(caseId: $c, input: $i) { id } }', { c: dosing.caseId, i: phq9 }, team.therapist.accessToken);
    const read = await gql(
      app,
      `query R($c: ID!) {
        caseScreenings(caseId: $c) { id medicalHistory outcome }
        caseConsents(caseId: $c) { id signerName }
        safetySignals(caseId: $c) { id reasons }
      }`,
      { c: dosing.caseId },
      team.prescriber.accessToken,
    );
    expect(read.body.errors).toBeUndefined();
    const readsOf = (type: string) =>
      ownerQuery<EventRow>(app, `SELECT * FROM audit_event WHERE tenant_id = $1 AND action = 'read' AND subject_type = $2 AND actor_id = $3`, [team.clinic.id, type, team.prescriber.userId]);
    const [screening] = await readsOf('Screening');
    expect(screening).toMatchObject({ subject_id: read.body.data?.caseScreenings[0].id, case_id: dosing.caseId, patient_id: dosing.patientId, outcome: 'ALLOWED' });
    expect(screening?.fields).toEqual(expect.arrayContaining(['medicalHistory', 'medications', 'answers']));
    const [consent] = await readsOf('Consent');
    expect(consent).toMatchObject({ subject_id: dosing.consentId, case_id: dosing.caseId });
    expect(consent?.fields).toContain('signerName');
    const [signal] = await readsOf('SafetySignal');
    expect(signal).toMatchObject({ subject_id: read.body.data?.safetySignals[0].id, case_id: dosing.caseId });
    expect(signal?.fields).toContain('reasons');
  });

  it('takes the request details from the request context that withTenant was given', async () => {
    const principal: UserPrincipal = {
      kind: 'user', userId: prescriber.userId, tenantId: clinic.id, sessionId: newId(), membershipId: prescriber.membershipId, roles: ['PRESCRIBER'],
      outsideCollaborator: false, platformAdmin: false, mfaSatisfied: true, emergencyCaseIds: [caseId],
    };
    const ctx = contextFor(principal, clock);
    await app.db.withTenant(ctx, async (m) => {
      await m.query(`UPDATE clinical_case SET referral_source = 'audited' WHERE id = $1`, [caseId]);
    });
    const [update] = await events(`subject_type = 'Case' AND action = 'update' AND request_id = $2`, [ctx.requestId]);
    expect(update).toMatchObject({ actor_kind: 'user', actor_id: prescriber.userId, acting_roles: ['PRESCRIBER'], case_id: caseId, patient_id: patientId, emergency: true, ip: 'internal' });
    expect(update?.fields).toEqual(['referral_source']);
  });

  it('leaves a DENIED event for a refused attempt, although the answer is NOT_FOUND', async () => {
    expect(codeOf(await gql(app, READ_NOTE, { id: noteId }, outsider.accessToken))).toBe('NOT_FOUND');
    const denied = await events(`outcome = 'DENIED' AND actor_id = $2`, [outsider.userId]);
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ action: 'read', subject_type: 'Note', subject_id: noteId, case_id: caseId, patient_id: patientId, acting_roles: ['THERAPIST'] });
  });

  it('keeps the DENIED event of a refused mutation, whose own transaction rolled back', async () => {
    const addendum = await gql(app, `mutation { addNoteAddendum(id: "${noteId}", body: "not theirs") { id } }`, {}, outsider.accessToken);
    expect(codeOf(addendum)).toBe('NOT_FOUND');
    const denied = await events(`outcome = 'DENIED' AND actor_id = $2`, [outsider.userId]);
    expect(denied).toHaveLength(2); // the refused read above, and this one
    expect(denied.map((event) => event.subject_id)).toEqual([noteId, noteId]);
    expect(await events(`subject_type = 'NoteAddendum'`, [])).toEqual([]);
  });

  it('refuses UPDATE and DELETE of audit events to the runtime role, in the database', async () => {
    const ctx = contextFor({ kind: 'partner', apiKeyId: newId(), tenantId: clinic.id, scopes: [] }, clock);
    const [one] = await events(`true`, []);
    await expect(app.db.withTenant(ctx, (m) => m.query(`UPDATE audit_event SET outcome = 'DENIED' WHERE id = $1`, [one?.id]))).rejects.toThrow(/permission denied/);
    await expect(app.db.withTenant(ctx, (m) => m.query(`DELETE FROM audit_event WHERE id = $1`, [one?.id]))).rejects.toThrow(/permission denied/);
    // Seals are the sealer's: the runtime login (a member of tandem_system) may not append one outside asSystem.
    await expect(
      app.db.withTenant(ctx, (m) => m.query(`INSERT INTO audit_seal (tenant_id, seq, event_id, prev_hash, hash, sealed_at) VALUES ($1, 1000000, $2, 'x', 'x', now())`, [clinic.id, one?.id])),
    ).rejects.toThrow(/append-only/);
    const [after] = await events(`id = $2`, [one?.id]);
    expect(after).toEqual(one);
  });
});
