import type { TenantService } from '@tandem/accounts';
import { systemClock } from '@tandem/core';
import { accept, invite } from '../clinic';
import type { Person } from '../clinic';
import { graphql } from '../http';

/** One clinic with one case made through the API, every row of which the seed then multiplies. */
export interface TemplateClinic {
  readonly tenantId: string;
  /** The lead therapist of every case: the dashboard's reader. */
  readonly therapist: Person;
  /** A partner key with cases:read, measures:read, sessions:read. */
  readonly partnerKey: string;
  readonly caseId: string;
  readonly patientId: string;
}

const DAY = 86_400_000;

/**
 * A clinic (admin, coordinator, prescriber, therapist, nurse) and a case walked through every gate
 * into DOSING with real mutations: a dosing session with three vitals readings, three upcoming
 * integration sessions, six PHQ-9s, three signed notes and three open follow-ups.
 */
export async function templateClinic(url: string, tenants: TenantService, n: number): Promise<TemplateClinic> {
  const slug = `bench-api-${n}-${Date.now().toString(36)}`;
  const created = await tenants.create(systemClock, { name: `Bench clinic ${n}`, slug, adminEmail: `admin@${slug}.example` });
  const admin = await accept(url, created.invitationToken, `admin@${slug}.example`);
  const staff = await invite(url, admin, `staff@${slug}.example`, ['STAFF']);
  const prescriber = await invite(url, admin, `prescriber@${slug}.example`, ['PRESCRIBER']);
  const therapist = await invite(url, admin, `therapist@${slug}.example`, ['THERAPIST']);
  const nurse = await invite(url, admin, `nurse@${slug}.example`, ['NURSE']);
  const consent = await graphql<{ publishConsentDocument: { id: string } }>(url, 'mutation { publishConsentDocument(title: "KAP consent", body: "Consent.") { id } }', {}, admin.token);
  // The credential gates always apply (docs/credentials.md): each clinician holds what their part needs.
  for (const [person, inputs] of [[prescriber, PRESCRIBER_CREDENTIALS], [therapist, THERAPIST_CREDENTIALS], [nurse, NURSE_CREDENTIALS]] as const) {
    for (const input of inputs) await holdVerified(url, admin, person, input);
  }

  const patient = await graphql<{ registerPatient: { id: string } }>(
    url,
    'mutation R($input: RegisterPatientInput!) { registerPatient(input: $input) { id } }',
    { input: { mrn: `MRN-${n}`, givenName: 'Bench', familyName: 'Patient', dateOfBirth: '1980-01-01', sex: 'FEMALE', state: PATIENT_STATE } },
    staff.token,
  );
  const patientId = patient.registerPatient.id;
  const caseId = (await graphql<{ openCase: { id: string } }>(url, 'mutation O($input: OpenCaseInput!) { openCase(input: $input) { id } }', { input: { patientId, indication: 'TRD' } }, staff.token)).openCase.id;
  const team = 'mutation A($c: ID!, $m: ID!, $r: CaseRole!) { addCareTeamMember(caseId: $c, membershipId: $m, caseRole: $r) { id } }';
  for (const [member, role] of [[prescriber, 'PRESCRIBER_OF_RECORD'], [therapist, 'LEAD_THERAPIST'], [nurse, 'MONITORING_NURSE'], [staff, 'COORDINATOR']] as const) {
    await graphql(url, team, { c: caseId, m: member.membershipId, r: role }, admin.token);
  }
  await walkIntoDosing(url, caseId, prescriber, consent.publishConsentDocument.id);

  const schedule = 'mutation S($c: ID!, $i: ScheduleSessionInput!) { scheduleSession(caseId: $c, input: $i) { id } }';
  const now = Date.now();
  const dosing = await graphql<{ scheduleSession: { id: string } }>(
    url,
    schedule,
    { c: caseId, i: { kind: 'DOSING', startsAt: new Date(now + 60_000).toISOString(), expectedMinutes: 180, location: 'IN_CLINIC', participantIds: [prescriber.membershipId, therapist.membershipId, nurse.membershipId] } },
    prescriber.token,
  );
  const vitals = 'mutation V($s: ID!, $i: VitalsInput!) { recordVitals(sessionId: $s, input: $i) { kind } }';
  for (const phase of ['PRE_DOSE', 'DURING', 'PRE_DISCHARGE']) {
    await graphql(url, vitals, { s: dosing.scheduleSession.id, i: { at: new Date().toISOString(), phase, systolic: 122, diastolic: 79, heartRate: 71, spo2: 98 } }, nurse.token);
  }
  for (const week of [1, 2, 3]) {
    const input = { kind: 'INTEGRATION', startsAt: new Date(now + week * 7 * DAY).toISOString(), expectedMinutes: 60, location: 'TELEHEALTH', participantIds: [therapist.membershipId] };
    await graphql(url, schedule, { c: caseId, i: input }, therapist.token);
  }
  for (const score of [3, 3, 2, 2, 1, 1]) {
    const answers = [score, score, score, score, score, score, score, score, 0];
    await graphql(url, 'mutation M($c: ID!, $i: RecordMeasureInput!) { recordMeasure(caseId: $c, input: $i) { id } }', { c: caseId, i: { instrument: 'PHQ9', answers } }, therapist.token);
  }
  for (const i of [1, 2, 3]) {
    const input = { kind: 'PROGRESS', visibility: 'CARE_TEAM', body: `Integration progress ${i}: sleeping better, mood lifting, plans the next session.` };
    const note = await graphql<{ writeNote: { id: string; version: number } }>(url, 'mutation W($c: ID!, $i: WriteNoteInput!) { writeNote(caseId: $c, input: $i) { id version } }', { c: caseId, i: input }, therapist.token);
    await graphql(url, 'mutation G($id: ID!, $v: Int!) { signNote(id: $id, version: $v) { id } }', { id: note.writeNote.id, v: note.writeNote.version }, therapist.token);
  }
  for (const i of [1, 2, 3]) {
    const input = { kind: 'CUSTOM', title: `Check in ${i}`, assigneeId: therapist.membershipId, dueAt: new Date(now + i * DAY).toISOString() };
    await graphql(url, 'mutation C($c: ID!, $i: FollowUpInputType!) { createFollowUp(caseId: $c, input: $i) { id } }', { c: caseId, i: input }, staff.token);
  }
  const key = await graphql<{ createApiKey: { secret: string } }>(
    url,
    'mutation K($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }',
    { i: { label: 'partner sync', scopes: ['cases:read', 'measures:read', 'sessions:read'] } },
    admin.token,
  );
  return { tenantId: created.tenant.id, therapist, partnerKey: key.createApiKey.secret, caseId, patientId };
}

const PATIENT_STATE = 'OR';
const YEAR = new Date().getUTCFullYear();
const CURRENT = { issuedOn: `${YEAR - 2}-01-01`, expiresOn: `${YEAR + 5}-12-31` };
const PRESCRIBER_CREDENTIALS = [
  { kind: 'LICENSE', jurisdiction: PATIENT_STATE, number: 'MD12345', ...CURRENT },
  { kind: 'DEA_REGISTRATION', number: 'AB1234563', ...CURRENT },
];
const THERAPIST_CREDENTIALS = [{ kind: 'KAP_TRAINING', issuedOn: CURRENT.issuedOn, hours: 60, modules: ['SCREENING', 'SET_AND_SETTING', 'INTEGRATION', 'ETHICS', 'TRAUMA_INFORMED_CARE'] }];
const NURSE_CREDENTIALS = [
  { kind: 'LICENSE', jurisdiction: PATIENT_STATE, number: 'RN123456', ...CURRENT },
  { kind: 'BLS', ...CURRENT },
];

/** The member adds the credential; the admin verifies it. */
async function holdVerified(url: string, admin: Person, holder: Person, input: Record<string, unknown>): Promise<void> {
  const added = await graphql<{ addCredential: { id: string } }>(url, 'mutation A($i: CredentialInput!) { addCredential(input: $i) { id } }', { i: input }, holder.token);
  await graphql(url, 'mutation V($id: ID!) { verifyCredential(id: $id) { verified } }', { id: added.addCredential.id }, admin.token);
}

async function walkIntoDosing(url: string, caseId: string, prescriber: Person, consentDocument: string): Promise<void> {
  const move = (to: string) => graphql(url, 'mutation T($c: ID!, $to: CaseStatus!) { transitionCase(caseId: $c, to: $to) { status } }', { c: caseId, to }, prescriber.token);
  await move('SCREENING');
  const checklist = await graphql<{ contraindicationChecklist: { code: string }[] }>(url, '{ contraindicationChecklist { code } }', {}, prescriber.token);
  const answers = checklist.contraindicationChecklist.map((item) => ({ code: item.code, present: false }));
  await graphql(url, 'mutation S($c: ID!, $i: RecordScreeningInput!) { recordScreening(caseId: $c, input: $i) { id } }', { c: caseId, i: { answers, baselineVitals: { systolic: 120, diastolic: 80 } } }, prescriber.token);
  await move('AWAITING_CLEARANCE');
  await graphql(url, 'mutation G($c: ID!) { grantMedicalClearance(caseId: $c) { id } }', { c: caseId }, prescriber.token);
  await move('AWAITING_CONSENT');
  await graphql(url, 'mutation K($c: ID!, $d: ID!) { recordConsent(caseId: $c, input: { documentId: $d, signerName: "Pat", method: IN_PERSON }) { id } }', { c: caseId, d: consentDocument }, prescriber.token);
  await move('PREPARATION');
  await move('DOSING');
  const plan = { route: 'IV', plannedDosingSessions: 6, doseUnit: 'MG_PER_KG', doseMin: 0.5, doseMax: 0.75 };
  await graphql(url, 'mutation P($c: ID!, $i: TreatmentPlanInput!) { setTreatmentPlan(caseId: $c, input: $i) { id } }', { c: caseId, i: plan }, prescriber.token);
}
