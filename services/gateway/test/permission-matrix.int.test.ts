import { DEFAULT_CONTRAINDICATIONS } from '@tandem/clinical';
import { ManualClock } from '@tandem/core';
import { addMember, codeOf, createClinic, gql } from './support/clinic-fixture';
import type { Clinic, Member } from './support/clinic-fixture';
import type { GraphQLResponse } from '@tandem/testing';
import { assign, openCase, registerPatient } from './support/case-fixture';
import { CREDENTIALS_OF, PATIENT_STATE, holdVerified } from './support/dosing-fixture';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

/**
 * The permission matrix as a test: one row per (actor, action, subject, situation), each sent
 * through GraphQL over HTTP. docs/permissions.md states the same policy in words. Later issues
 * add rows for their subjects.
 */
type Actor = 'ADMIN' | 'PRESCRIBER' | 'THERAPIST' | 'NURSE' | 'STAFF' | 'COLLABORATOR' | 'OTHER_CLINIC_ADMIN' | 'KEY_TENANT' | 'KEY_MEMBERS' | 'KEY_CASES' | 'KEY_WEBHOOKS' | 'ANONYMOUS';
type Outcome = 'ok' | 'FORBIDDEN' | 'NOT_FOUND' | 'UNAUTHENTICATED' | 'hidden';

interface World {
  readonly clinic: Clinic;
  readonly tokens: Record<Actor, string | undefined>;
  /** A fresh member of the clinic, for rows that change someone. */
  colleague(): Promise<Member>;
  /** A case whose team is: PRESCRIBER (prescriber of record), THERAPIST (lead), COLLABORATOR (co-therapist). */
  readonly teamCase: { caseId: string; patientId: string };
  /** A case none of the clinicians is on. */
  readonly otherCase: { caseId: string; patientId: string };
  /** A fresh case with the same team as teamCase, for rows that change a case. */
  freshTeamCase(): Promise<string>;
  /** A fresh patient of the clinic, with no case. */
  freshPatient(): Promise<string>;
  /** A fresh team case with a screening on file (nothing present). */
  freshScreenedCase(): Promise<string>;
  readonly consentDocumentId: string;
  readonly therapistMembershipId: string;
  /** An endpoint of the clinic, registered by KEY_WEBHOOKS. */
  readonly webhookEndpointId: string;
  /** A case no actor is on, for emergency-access requests. */
  readonly glassCaseId: string;
  /** A fresh emergency grant by a nurse (not an actor) on a case of its own, unreviewed. */
  freshEmergencyGrant(): Promise<string>;
  /** A fresh, unverified credential held by a staff member who is no actor. */
  freshCredential(): Promise<string>;
  /** A therapist who is no actor and meets the clinic's facilitator requirement. */
  readonly supervisorMembershipId: string;
  /** A trainee who is no actor, with one supervision entry. */
  readonly bystanderTraineeId: string;
  /** A fresh entry the supervisor logged for `traineeId` (default: the bystander trainee), unconfirmed. */
  freshSupervisionEntry(traineeId?: string): Promise<string>;
}

interface Operation {
  readonly subject: string;
  readonly action: string;
  readonly situation: string;
  run(world: World, token: string | undefined): Promise<Outcome>;
}

function outcome(response: GraphQLResponse<Record<string, any>>, hiddenWhen?: (data: Record<string, any>) => boolean): Outcome {
  const code = codeOf(response);
  if (code === undefined) return hiddenWhen?.(response.body.data ?? {}) ? 'hidden' : 'ok';
  return code as Outcome;
}

let app: TestGateway;
const send = (query: string, token: string | undefined, variables?: Record<string, unknown>) => gql(app, query, variables, token);
/** An id that is no one's, for actors who have no membership (keys, anonymous): they are refused before any lookup. */
const NO_ONE = '00000000-0000-7000-8000-000000000000';
/** The actor's own membership, and whether it is of the matrix clinic. */
async function self(w: World, token: string | undefined): Promise<{ membershipId: string; here: boolean }> {
  const viewer = (await send('{ viewer { membershipId clinicId } }', token)).body.data?.viewer as { membershipId: string; clinicId: string } | undefined;
  return viewer ? { membershipId: viewer.membershipId, here: viewer.clinicId === w.clinic.id } : { membershipId: NO_ONE, here: false };
}

const OPERATIONS: Record<string, Operation> = {
  readClinic: { subject: 'Tenant', action: 'read', situation: 'own clinic', run: async (_w, t) => outcome(await send('{ clinic { slug } }', t)) },
  readSettings: {
    subject: 'Tenant',
    action: 'read',
    situation: 'own clinic, settings field',
    run: async (_w, t) => outcome(await send('{ clinic { settings } }', t), (d) => d.clinic.settings === null),
  },
  updateClinic: { subject: 'Tenant', action: 'update', situation: 'own clinic', run: async (_w, t) => outcome(await send('mutation { updateClinic(input: { name: "Renamed Clinic" }) { name } }', t)) },
  createClinic: {
    subject: 'Tenant',
    action: 'create',
    situation: 'new clinic',
    run: async (_w, t) => outcome(await send('mutation { createClinic(input: { name: "X", slug: "matrix-new", adminEmail: "x@x.example" }) { invitationToken } }', t)),
  },
  listMembers: {
    subject: 'Membership',
    action: 'read',
    situation: 'list: all colleagues visible',
    run: async (_w, t) => outcome(await send("{ members(page: { first: 100 }) { count } }", t), (d) => d.members.count < 2),
  },
  readColleague: { subject: 'Membership', action: 'read', situation: 'a colleague', run: async (w, t) => outcome(await send(`{ member(id: "${w.clinic.admin.membershipId}") { id } }`, t)) },
  readColleagueEmail: {
    subject: 'Membership',
    action: 'read',
    situation: "a colleague's e-mail",
    run: async (w, t) => outcome(await send(`{ member(id: "${w.clinic.admin.membershipId}") { email } }`, t), (d) => d.member.email === null),
  },
  changeRoles: {
    subject: 'Membership',
    action: 'update',
    situation: "a colleague's roles",
    run: async (w, t) => outcome(await send(`mutation { changeMemberRoles(id: "${(await w.colleague()).membershipId}", roles: [NURSE]) { roles } }`, t)),
  },
  deactivate: {
    subject: 'Membership',
    action: 'deactivate',
    situation: 'a colleague',
    run: async (w, t) => outcome(await send(`mutation { deactivateMember(id: "${(await w.colleague()).membershipId}") { status } }`, t)),
  },
  listInvitations: { subject: 'Invitation', action: 'read', situation: 'list', run: async (_w, t) => outcome(await send('{ invitations(page: { first: 5 }) { count } }', t)) },
  invite: {
    subject: 'Invitation',
    action: 'create',
    situation: 'a new e-mail',
    run: async (_w, t) => outcome(await send(`mutation { inviteMember(input: { email: "m-${Math.random().toString(36).slice(2)}@x.example", roles: [NURSE] }) { token } }`, t)),
  },
  listKeys: { subject: 'ApiKey', action: 'read', situation: 'list', run: async (_w, t) => outcome(await send('{ apiKeys(page: { first: 5 }) { count } }', t)) },
  listRegisteredOperations: {
    subject: 'RegisteredOperation',
    action: 'read',
    situation: "list: the clinic's own",
    run: async (_w, t) => outcome(await send('{ registeredOperations(page: { first: 5 }) { count } }', t)),
  },
  registerOperation: {
    subject: 'RegisteredOperation',
    action: 'create',
    situation: 'an operation for partner keys',
    run: async (_w, t) => outcome(await send('mutation { registerOperation(input: { name: "ClinicName", query: "{ clinic { name } }" }) { id } }', t)),
  },
  unregisterOperation: {
    subject: 'RegisteredOperation',
    action: 'revoke',
    situation: "one of the clinic's",
    run: async (w, t) => {
      const query = `query Op${Math.random().toString(36).slice(2)} { clinic { name } }`;
      const registered = await send(`mutation R($q: String!) { registerOperation(input: { name: "Op", query: $q }) { id } }`, w.tokens.ADMIN, { q: query });
      return outcome(await send(`mutation { unregisterOperation(id: "${registered.body.data?.registerOperation.id as string}") }`, t));
    },
  },
  createKey: { subject: 'ApiKey', action: 'create', situation: 'new key', run: async (_w, t) => outcome(await send('mutation { createApiKey(input: { label: "m", scopes: ["tenant:read"] }) { secret } }', t)) },
  viewer: { subject: 'User', action: 'read', situation: 'themself', run: async (_w, t) => outcome(await send('{ viewer { userId } }', t)) },
  readInbox: { subject: 'User', action: 'read', situation: 'own inbox', run: async (_w, t) => outcome(await send('{ inbox(page: { first: 5 }) { count } unreadNotificationCount }', t)) },
  readPreferences: { subject: 'User', action: 'read', situation: 'own notification preferences', run: async (_w, t) => outcome(await send('{ notificationPreferences { kind email } }', t)) },
  setPreference: {
    subject: 'User',
    action: 'update',
    situation: 'own notification preference',
    run: async (_w, t) => outcome(await send('mutation { setNotificationPreference(kind: "MENTION", inApp: true, email: false) { kind } }', t)),
  },
  readPatient: { subject: 'Patient', action: 'read', situation: "demographics, patient of the actor's case", run: async (w, t) => outcome(await send(`{ patient(id: "${w.teamCase.patientId}") { familyName } }`, t)) },
  readOtherPatient: { subject: 'Patient', action: 'read', situation: 'demographics, patient of another case', run: async (w, t) => outcome(await send(`{ patient(id: "${w.otherCase.patientId}") { familyName } }`, t)) },
  readPatientWeight: {
    subject: 'Patient',
    action: 'read',
    situation: "weight (clinical), patient of the actor's case",
    run: async (w, t) => outcome(await send(`{ patient(id: "${w.teamCase.patientId}") { weight { kg } } }`, t), (d) => d.patient.weight === null),
  },
  registerPatient: {
    subject: 'Patient',
    action: 'create',
    situation: 'new patient',
    run: async (_w, t) => outcome(await send(`mutation { registerPatient(input: { mrn: "M-${Math.random().toString(36).slice(2)}", givenName: "A", familyName: "B", dateOfBirth: "1990-01-01", sex: UNKNOWN }) { id } }`, t)),
  },
  readCase: { subject: 'Case', action: 'read', situation: 'on the care team (or logistics)', run: async (w, t) => outcome(await send(`{ case(id: "${w.teamCase.caseId}") { status } }`, t)) },
  readCaseIndication: {
    subject: 'Case',
    action: 'read',
    situation: 'indication (clinical)',
    run: async (w, t) => outcome(await send(`{ case(id: "${w.teamCase.caseId}") { indication } }`, t), (d) => d.case.indication === null),
  },
  readOtherCase: { subject: 'Case', action: 'read', situation: 'a case the clinicians are not on', run: async (w, t) => outcome(await send(`{ case(id: "${w.otherCase.caseId}") { status } }`, t)) },
  openCase: { subject: 'Case', action: 'create', situation: "for a patient of the clinic", run: async (w, t) => outcome(await send(`mutation { openCase(input: { patientId: "${await w.freshPatient()}", indication: MDD }) { id } }`, t)) },
  assignTeam: {
    subject: 'Case',
    action: 'assign',
    situation: 'add a coordinator to a case',
    run: async (w, t) => outcome(await send(`mutation { addCareTeamMember(caseId: "${await w.freshTeamCase()}", membershipId: "${w.clinic.admin.membershipId}", caseRole: COORDINATOR) { id } }`, t)),
  },
  holdCase: {
    subject: 'Case',
    action: 'transition',
    situation: 'put a case on hold',
    run: async (w, t) => outcome(await send(`mutation { transitionCase(caseId: "${await w.freshTeamCase()}", to: ON_HOLD, reason: "matrix") { status } }`, t)),
  },
  readScreenings: { subject: 'Screening', action: 'read', situation: "the team case's screenings", run: async (w, t) => outcome(await send(`{ caseScreenings(caseId: "${w.teamCase.caseId}") { id } }`, t)) },
  recordScreening: {
    subject: 'Screening',
    action: 'create',
    situation: 'on a team case',
    run: async (w, t) => outcome(await send('mutation S($c: ID!, $i: RecordScreeningInput!) { recordScreening(caseId: $c, input: $i) { outcome } }', t, { c: await w.freshTeamCase(), i: screeningInput() })),
  },
  grantClearance: {
    subject: 'Clearance',
    action: 'create',
    situation: 'on a screened team case',
    run: async (w, t) => outcome(await send('mutation C($c: ID!) { grantMedicalClearance(caseId: $c) { id } }', t, { c: await w.freshScreenedCase() })),
  },
  recordConsent: {
    subject: 'Consent',
    action: 'create',
    situation: 'on a team case',
    run: async (w, t) =>
      outcome(await send('mutation K($c: ID!, $d: ID!) { recordConsent(caseId: $c, input: { documentId: $d, signerName: "P", method: IN_PERSON }) { id } }', t, { c: await w.freshTeamCase(), d: w.consentDocumentId })),
  },
  readConsentDocuments: { subject: 'ConsentDocument', action: 'read', situation: "the clinic's documents", run: async (_w, t) => outcome(await send('{ consentDocuments { id } }', t)) },
  publishConsentDocument: {
    subject: 'ConsentDocument',
    action: 'create',
    situation: 'a new version',
    run: async (_w, t) => outcome(await send('mutation { publishConsentDocument(title: "Matrix consent", body: "text") { version } }', t)),
  },
  recordMeasure: {
    subject: 'Measure',
    action: 'create',
    situation: 'a GAD-7 on the team case',
    run: async (w, t) => outcome(await send('mutation M($c: ID!) { recordMeasure(caseId: $c, input: { instrument: GAD7, answers: [0,1,0,1,0,1,0] }) { total } }', t, { c: w.teamCase.caseId })),
  },
  readTrend: { subject: 'Measure', action: 'read', situation: 'PHQ-9 trend of the team case', run: async (w, t) => outcome(await send(`{ measureTrend(caseId: "${w.teamCase.caseId}", instrument: PHQ9) { points { total } } }`, t)) },
  readSignals: { subject: 'SafetySignal', action: 'read', situation: "the team case's signals", run: async (w, t) => outcome(await send(`{ safetySignals(caseId: "${w.teamCase.caseId}") { id } }`, t)) },
  scheduleSession: {
    subject: 'TreatmentSession',
    action: 'create',
    situation: 'an integration session on the team case',
    run: async (w, t) =>
      outcome(await send('mutation S($c: ID!, $p: [ID!]!) { scheduleSession(caseId: $c, input: { kind: INTEGRATION, startsAt: "2030-01-01T10:00:00Z", expectedMinutes: 60, location: TELEHEALTH, participantIds: $p }) { id } }', t, { c: w.teamCase.caseId, p: [w.therapistMembershipId] })),
  },
  readSessions: { subject: 'TreatmentSession', action: 'read', situation: "the team case's sessions", run: async (w, t) => outcome(await send(`{ caseSessions(caseId: "${w.teamCase.caseId}") { startsAt } }`, t)) },
  setPlan: {
    subject: 'TreatmentPlan',
    action: 'create',
    situation: 'on the team case',
    run: async (w, t) => outcome(await send('mutation P($c: ID!) { setTreatmentPlan(caseId: $c, input: { route: SUBLINGUAL, plannedDosingSessions: 6, doseUnit: MG, doseMin: 100, doseMax: 200 }) { id } }', t, { c: w.teamCase.caseId })),
  },
  listWebhookEndpoints: {
    subject: 'WebhookEndpoint',
    action: 'read',
    situation: "list: the clinic's endpoints",
    run: async (_w, t) => outcome(await send('{ webhookEndpoints(page: { first: 5 }) { count } }', t), (d) => d.webhookEndpoints.count === 0),
  },
  registerWebhookEndpoint: {
    subject: 'WebhookEndpoint',
    action: 'create',
    situation: 'a new endpoint',
    run: async (_w, t) => outcome(await send('mutation { registerWebhookEndpoint(input: { url: "http://127.0.0.1:9/hook", eventTypes: ["follow_up.created"] }) { secret } }', t)),
  },
  disableWebhookEndpoint: {
    subject: 'WebhookEndpoint',
    action: 'update',
    situation: "switch the clinic's endpoint off",
    run: async (w, t) => outcome(await send(`mutation { disableWebhookEndpoint(id: "${w.webhookEndpointId}") { status } }`, t)),
  },
  enableWebhookEndpoint: {
    subject: 'WebhookEndpoint',
    action: 'update',
    situation: "switch the clinic's endpoint on",
    run: async (w, t) => outcome(await send(`mutation { enableWebhookEndpoint(id: "${w.webhookEndpointId}") { status } }`, t)),
  },
  rotateWebhookSecret: {
    subject: 'WebhookEndpoint',
    action: 'rotate',
    situation: "the clinic's endpoint",
    run: async (w, t) => outcome(await send(`mutation { rotateWebhookSecret(id: "${w.webhookEndpointId}") { secret } }`, t)),
  },
  readWebhookAttempts: {
    subject: 'WebhookAttempt',
    action: 'read',
    situation: "the clinic's endpoint",
    run: async (w, t) => outcome(await send(`{ webhookAttempts(endpointId: "${w.webhookEndpointId}", page: { first: 5 }) { count } }`, t)),
  },
  readAuditLog: { subject: 'AuditEvent', action: 'read', situation: "the clinic's log", run: async (_w, t) => outcome(await send('{ auditEvents(page: { first: 5 }) { count } }', t)) },
  readAccessReport: {
    subject: 'AuditEvent',
    action: 'read',
    situation: "a patient's access report",
    run: async (w, t) => outcome(await send(`{ patientAccessReport(patientId: "${w.teamCase.patientId}", page: { first: 5 }) { count } }`, t)),
  },
  exportAuditLog: {
    subject: 'AuditEvent',
    action: 'read',
    situation: 'CSV of a day',
    run: async (_w, t) => outcome(await send('{ auditExport(from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z") }', t)),
  },
  requestEmergencyAccess: {
    subject: 'EmergencyAccess',
    action: 'create',
    situation: 'a case they are not on',
    run: async (w, t) => outcome(await send('mutation E($c: ID!) { requestEmergencyAccess(caseId: $c, reason: "Urgent call from the patient; team unreachable.") { id } }', t, { c: w.glassCaseId })),
  },
  readEmergencyAccesses: {
    subject: 'EmergencyAccess',
    action: 'read',
    situation: "on the team case (one grant held by another nurse)",
    run: async (w, t) => outcome(await send(`{ case(id: "${w.teamCase.caseId}") { emergencyAccesses { reason } } }`, t), (d) => d.case.emergencyAccesses.length === 0),
  },
  listEmergencyReviews: {
    subject: 'EmergencyAccess',
    action: 'update',
    situation: "the clinic's review queue",
    run: async (_w, t) => outcome(await send('{ emergencyAccessReviews(status: PENDING, page: { first: 5 }) { count } }', t)),
  },
  reviewEmergencyAccess: {
    subject: 'EmergencyAccess',
    action: 'update',
    situation: 'accept an unreviewed grant',
    run: async (w, t) => outcome(await send('mutation V($id: ID!) { reviewEmergencyAccess(id: $id, outcome: ACCEPTED) { reviewOutcome } }', t, { id: await w.freshEmergencyGrant() })),
  },
  readOwnCredentials: { subject: 'Credential', action: 'read', situation: 'their own', run: async (_w, t) => outcome(await send('{ myCredentials { id } }', t)) },
  addCredential: {
    subject: 'Credential',
    action: 'create',
    situation: 'their own',
    run: async (_w, t) => outcome(await send('mutation { addCredential(input: { kind: "BLS", issuedOn: "2025-06-01", expiresOn: "2027-06-01" }) { id } }', t)),
  },
  readMemberCredentials: {
    subject: 'Credential',
    action: 'read',
    situation: "a colleague's (the therapist's)",
    run: async (w, t) => outcome(await send('query M($m: ID!) { memberCredentials(membershipId: $m) { id } }', t, { m: w.therapistMembershipId })),
  },
  verifyCredential: {
    subject: 'Credential',
    action: 'verify',
    situation: "a colleague's, unverified",
    run: async (w, t) => outcome(await send('mutation V($id: ID!) { verifyCredential(id: $id) { verified } }', t, { id: await w.freshCredential() })),
  },
  readMyReadiness: { subject: 'Credential', action: 'read', situation: 'their own readiness', run: async (_w, t) => outcome(await send('{ myReadiness { role status } }', t)) },
  readRoster: { subject: 'Credential', action: 'verify', situation: "the clinic's roster", run: async (_w, t) => outcome(await send('{ roster(page: { first: 5 }) { count } }', t)) },
  logSupervision: {
    subject: 'SupervisionEntry',
    action: 'create',
    situation: "as trainee, with the clinic's qualified supervisor",
    run: async (w, t) =>
      outcome(
        await send('mutation L($i: LogSupervisionInput!) { logSupervision(input: $i) { id } }', t, {
          i: { traineeId: (await self(w, t)).membershipId, supervisorId: w.supervisorMembershipId, heldOn: '2025-06-01', hours: 1, kind: 'SUPERVISION' },
        }),
      ),
  },
  confirmSupervision: {
    subject: 'SupervisionEntry',
    action: 'verify',
    situation: 'an entry the supervisor logged for them',
    run: async (w, t) => {
      const me = await self(w, t);
      const id = await w.freshSupervisionEntry(me.here ? me.membershipId : undefined);
      return outcome(await send('mutation C($id: ID!) { confirmSupervision(id: $id) { confirmed } }', t, { id }));
    },
  },
  confirmOthersSupervision: {
    subject: 'SupervisionEntry',
    action: 'verify',
    situation: 'an entry between two colleagues',
    run: async (w, t) => outcome(await send('mutation C($id: ID!) { confirmSupervision(id: $id) { confirmed } }', t, { id: await w.freshSupervisionEntry() })),
  },
  readOwnSupervisionLog: {
    subject: 'SupervisionEntry',
    action: 'read',
    situation: 'their own log',
    run: async (w, t) => outcome(await send('query S($m: ID!) { supervisionLog(membershipId: $m, page: { first: 5 }) { count } }', t, { m: (await self(w, t)).membershipId })),
  },
  readColleagueSupervisionLog: {
    subject: 'SupervisionEntry',
    action: 'read',
    situation: "a colleague's log they are no party to",
    run: async (w, t) =>
      outcome(await send('query S($m: ID!) { supervisionLog(membershipId: $m, page: { first: 5 }) { edges { node { id } } } }', t, { m: w.bystanderTraineeId }), (d) => d.supervisionLog.edges.length === 0),
  },
  readTrainingProgramme: { subject: 'TrainingProgramme', action: 'read', situation: 'own clinic', run: async (_w, t) => outcome(await send('{ trainingProgramme { role minHours } }', t)) },
  setTrainingProgramme: {
    subject: 'TrainingProgramme',
    action: 'update',
    situation: 'own clinic',
    run: async (_w, t) => outcome(await send('mutation { setTrainingProgramme(role: "MONITORING_NURSE", modules: [], minHours: 0) { role } }', t)),
  },
};

function screeningInput() {
  return { answers: DEFAULT_CONTRAINDICATIONS.map((item) => ({ code: item.code, present: false })), baselineVitals: { systolic: 120, diastolic: 80 } };
}

// Columns follow the Actor type; 'OTHER_CLINIC_ADMIN' acts with a valid token of another clinic.
// A webhooks:manage key reaches webhooks and nothing else: a row that does not name KEY_WEBHOOKS expects FORBIDDEN for it.
const MATRIX: Record<keyof typeof OPERATIONS, Record<Exclude<Actor, 'KEY_WEBHOOKS'>, Outcome> & { KEY_WEBHOOKS?: Outcome }> = {
  readClinic: { ADMIN: 'ok', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'ok', STAFF: 'ok', COLLABORATOR: 'ok', OTHER_CLINIC_ADMIN: 'ok', KEY_TENANT: 'ok', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  readSettings: { ADMIN: 'ok', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'ok', STAFF: 'ok', COLLABORATOR: 'hidden', OTHER_CLINIC_ADMIN: 'ok', KEY_TENANT: 'hidden', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  updateClinic: { ADMIN: 'ok', PRESCRIBER: 'FORBIDDEN', THERAPIST: 'FORBIDDEN', NURSE: 'FORBIDDEN', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'ok', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  createClinic: { ADMIN: 'FORBIDDEN', PRESCRIBER: 'FORBIDDEN', THERAPIST: 'FORBIDDEN', NURSE: 'FORBIDDEN', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'FORBIDDEN', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  listMembers: { ADMIN: 'ok', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'ok', STAFF: 'ok', COLLABORATOR: 'hidden', OTHER_CLINIC_ADMIN: 'hidden', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'ok', ANONYMOUS: 'UNAUTHENTICATED' },
  readColleague: { ADMIN: 'ok', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'ok', STAFF: 'ok', COLLABORATOR: 'NOT_FOUND', OTHER_CLINIC_ADMIN: 'NOT_FOUND', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'ok', ANONYMOUS: 'UNAUTHENTICATED' },
  readColleagueEmail: { ADMIN: 'ok', PRESCRIBER: 'hidden', THERAPIST: 'hidden', NURSE: 'hidden', STAFF: 'hidden', COLLABORATOR: 'NOT_FOUND', OTHER_CLINIC_ADMIN: 'NOT_FOUND', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'hidden', ANONYMOUS: 'UNAUTHENTICATED' },
  changeRoles: { ADMIN: 'ok', PRESCRIBER: 'FORBIDDEN', THERAPIST: 'FORBIDDEN', NURSE: 'FORBIDDEN', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'NOT_FOUND', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  deactivate: { ADMIN: 'ok', PRESCRIBER: 'FORBIDDEN', THERAPIST: 'FORBIDDEN', NURSE: 'FORBIDDEN', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'NOT_FOUND', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  listInvitations: { ADMIN: 'ok', PRESCRIBER: 'FORBIDDEN', THERAPIST: 'FORBIDDEN', NURSE: 'FORBIDDEN', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'ok', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  invite: { ADMIN: 'ok', PRESCRIBER: 'FORBIDDEN', THERAPIST: 'FORBIDDEN', NURSE: 'FORBIDDEN', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'ok', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  listKeys: { ADMIN: 'ok', PRESCRIBER: 'FORBIDDEN', THERAPIST: 'FORBIDDEN', NURSE: 'FORBIDDEN', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'ok', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  unregisterOperation: { ADMIN: 'ok', PRESCRIBER: 'FORBIDDEN', THERAPIST: 'FORBIDDEN', NURSE: 'FORBIDDEN', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'NOT_FOUND', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  createKey: { ADMIN: 'ok', PRESCRIBER: 'FORBIDDEN', THERAPIST: 'FORBIDDEN', NURSE: 'FORBIDDEN', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'ok', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  listRegisteredOperations: { ADMIN: 'ok', PRESCRIBER: 'FORBIDDEN', THERAPIST: 'FORBIDDEN', NURSE: 'FORBIDDEN', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'ok', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  registerOperation: { ADMIN: 'ok', PRESCRIBER: 'FORBIDDEN', THERAPIST: 'FORBIDDEN', NURSE: 'FORBIDDEN', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'ok', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  viewer: { ADMIN: 'ok', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'ok', STAFF: 'ok', COLLABORATOR: 'ok', OTHER_CLINIC_ADMIN: 'ok', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  readInbox: { ADMIN: 'ok', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'ok', STAFF: 'ok', COLLABORATOR: 'ok', OTHER_CLINIC_ADMIN: 'ok', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  readPreferences: { ADMIN: 'ok', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'ok', STAFF: 'ok', COLLABORATOR: 'ok', OTHER_CLINIC_ADMIN: 'ok', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  setPreference: { ADMIN: 'ok', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'ok', STAFF: 'ok', COLLABORATOR: 'ok', OTHER_CLINIC_ADMIN: 'ok', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  readPatient: { ADMIN: 'ok', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'ok', STAFF: 'ok', COLLABORATOR: 'ok', OTHER_CLINIC_ADMIN: 'NOT_FOUND', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'ok', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  readOtherPatient: { ADMIN: 'ok', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'ok', STAFF: 'ok', COLLABORATOR: 'NOT_FOUND', OTHER_CLINIC_ADMIN: 'NOT_FOUND', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'ok', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  readPatientWeight: { ADMIN: 'hidden', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'hidden', STAFF: 'hidden', COLLABORATOR: 'ok', OTHER_CLINIC_ADMIN: 'NOT_FOUND', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'hidden', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  registerPatient: { ADMIN: 'ok', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'ok', STAFF: 'ok', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'ok', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  readCase: { ADMIN: 'ok', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'NOT_FOUND', STAFF: 'ok', COLLABORATOR: 'ok', OTHER_CLINIC_ADMIN: 'NOT_FOUND', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'ok', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  readCaseIndication: { ADMIN: 'hidden', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'NOT_FOUND', STAFF: 'hidden', COLLABORATOR: 'ok', OTHER_CLINIC_ADMIN: 'NOT_FOUND', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'ok', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  readOtherCase: { ADMIN: 'ok', PRESCRIBER: 'NOT_FOUND', THERAPIST: 'NOT_FOUND', NURSE: 'NOT_FOUND', STAFF: 'ok', COLLABORATOR: 'NOT_FOUND', OTHER_CLINIC_ADMIN: 'NOT_FOUND', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'ok', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  openCase: { ADMIN: 'ok', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'ok', STAFF: 'ok', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'NOT_FOUND', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  assignTeam: { ADMIN: 'ok', PRESCRIBER: 'ok', THERAPIST: 'FORBIDDEN', NURSE: 'NOT_FOUND', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'NOT_FOUND', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  readScreenings: { ADMIN: 'FORBIDDEN', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'NOT_FOUND', STAFF: 'FORBIDDEN', COLLABORATOR: 'ok', OTHER_CLINIC_ADMIN: 'FORBIDDEN', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  recordScreening: { ADMIN: 'FORBIDDEN', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'NOT_FOUND', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'FORBIDDEN', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  grantClearance: { ADMIN: 'FORBIDDEN', PRESCRIBER: 'ok', THERAPIST: 'FORBIDDEN', NURSE: 'FORBIDDEN', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'FORBIDDEN', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  recordConsent: { ADMIN: 'FORBIDDEN', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'NOT_FOUND', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'FORBIDDEN', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  readConsentDocuments: { ADMIN: 'ok', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'ok', STAFF: 'ok', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'ok', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  publishConsentDocument: { ADMIN: 'ok', PRESCRIBER: 'FORBIDDEN', THERAPIST: 'FORBIDDEN', NURSE: 'FORBIDDEN', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'ok', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  recordMeasure: { ADMIN: 'FORBIDDEN', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'NOT_FOUND', STAFF: 'FORBIDDEN', COLLABORATOR: 'ok', OTHER_CLINIC_ADMIN: 'FORBIDDEN', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  readTrend: { ADMIN: 'FORBIDDEN', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'NOT_FOUND', STAFF: 'FORBIDDEN', COLLABORATOR: 'ok', OTHER_CLINIC_ADMIN: 'FORBIDDEN', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  readSignals: { ADMIN: 'FORBIDDEN', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'NOT_FOUND', STAFF: 'FORBIDDEN', COLLABORATOR: 'ok', OTHER_CLINIC_ADMIN: 'FORBIDDEN', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  scheduleSession: { ADMIN: 'FORBIDDEN', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'NOT_FOUND', STAFF: 'ok', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'FORBIDDEN', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  readSessions: { ADMIN: 'FORBIDDEN', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'NOT_FOUND', STAFF: 'ok', COLLABORATOR: 'ok', OTHER_CLINIC_ADMIN: 'FORBIDDEN', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  setPlan: { ADMIN: 'FORBIDDEN', PRESCRIBER: 'ok', THERAPIST: 'FORBIDDEN', NURSE: 'FORBIDDEN', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'FORBIDDEN', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  holdCase: { ADMIN: 'ok', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'NOT_FOUND', STAFF: 'FORBIDDEN', COLLABORATOR: 'ok', OTHER_CLINIC_ADMIN: 'NOT_FOUND', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  listWebhookEndpoints: { ADMIN: 'ok', PRESCRIBER: 'FORBIDDEN', THERAPIST: 'FORBIDDEN', NURSE: 'FORBIDDEN', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'hidden', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', KEY_WEBHOOKS: 'ok', ANONYMOUS: 'UNAUTHENTICATED' },
  registerWebhookEndpoint: { ADMIN: 'FORBIDDEN', PRESCRIBER: 'FORBIDDEN', THERAPIST: 'FORBIDDEN', NURSE: 'FORBIDDEN', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'FORBIDDEN', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', KEY_WEBHOOKS: 'ok', ANONYMOUS: 'UNAUTHENTICATED' },
  disableWebhookEndpoint: { ADMIN: 'ok', PRESCRIBER: 'FORBIDDEN', THERAPIST: 'FORBIDDEN', NURSE: 'FORBIDDEN', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'NOT_FOUND', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', KEY_WEBHOOKS: 'ok', ANONYMOUS: 'UNAUTHENTICATED' },
  enableWebhookEndpoint: { ADMIN: 'ok', PRESCRIBER: 'FORBIDDEN', THERAPIST: 'FORBIDDEN', NURSE: 'FORBIDDEN', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'NOT_FOUND', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', KEY_WEBHOOKS: 'ok', ANONYMOUS: 'UNAUTHENTICATED' },
  rotateWebhookSecret: { ADMIN: 'FORBIDDEN', PRESCRIBER: 'FORBIDDEN', THERAPIST: 'FORBIDDEN', NURSE: 'FORBIDDEN', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'FORBIDDEN', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', KEY_WEBHOOKS: 'ok', ANONYMOUS: 'UNAUTHENTICATED' },
  requestEmergencyAccess: { ADMIN: 'FORBIDDEN', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'ok', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'FORBIDDEN', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  readEmergencyAccesses: { ADMIN: 'ok', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'NOT_FOUND', STAFF: 'hidden', COLLABORATOR: 'hidden', OTHER_CLINIC_ADMIN: 'NOT_FOUND', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'hidden', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  listEmergencyReviews: { ADMIN: 'ok', PRESCRIBER: 'FORBIDDEN', THERAPIST: 'FORBIDDEN', NURSE: 'FORBIDDEN', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'ok', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  reviewEmergencyAccess: { ADMIN: 'ok', PRESCRIBER: 'FORBIDDEN', THERAPIST: 'FORBIDDEN', NURSE: 'FORBIDDEN', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'NOT_FOUND', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  readWebhookAttempts: { ADMIN: 'ok', PRESCRIBER: 'FORBIDDEN', THERAPIST: 'FORBIDDEN', NURSE: 'FORBIDDEN', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'NOT_FOUND', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', KEY_WEBHOOKS: 'ok', ANONYMOUS: 'UNAUTHENTICATED' },
  // Another clinic's admin reads their own clinic's log, in which this patient has no events.
  readAuditLog: { ADMIN: 'ok', PRESCRIBER: 'FORBIDDEN', THERAPIST: 'FORBIDDEN', NURSE: 'FORBIDDEN', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'ok', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  readAccessReport: { ADMIN: 'ok', PRESCRIBER: 'FORBIDDEN', THERAPIST: 'FORBIDDEN', NURSE: 'FORBIDDEN', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'ok', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  exportAuditLog: { ADMIN: 'ok', PRESCRIBER: 'FORBIDDEN', THERAPIST: 'FORBIDDEN', NURSE: 'FORBIDDEN', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'ok', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  readOwnCredentials: { ADMIN: 'ok', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'ok', STAFF: 'ok', COLLABORATOR: 'ok', OTHER_CLINIC_ADMIN: 'ok', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  addCredential: { ADMIN: 'ok', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'ok', STAFF: 'ok', COLLABORATOR: 'ok', OTHER_CLINIC_ADMIN: 'ok', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  readMemberCredentials: { ADMIN: 'ok', PRESCRIBER: 'FORBIDDEN', THERAPIST: 'FORBIDDEN', NURSE: 'FORBIDDEN', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'NOT_FOUND', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  verifyCredential: { ADMIN: 'ok', PRESCRIBER: 'FORBIDDEN', THERAPIST: 'FORBIDDEN', NURSE: 'FORBIDDEN', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'NOT_FOUND', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  readMyReadiness: { ADMIN: 'ok', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'ok', STAFF: 'ok', COLLABORATOR: 'ok', OTHER_CLINIC_ADMIN: 'ok', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  readRoster: { ADMIN: 'ok', PRESCRIBER: 'FORBIDDEN', THERAPIST: 'FORBIDDEN', NURSE: 'FORBIDDEN', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'ok', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  logSupervision: { ADMIN: 'ok', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'ok', STAFF: 'ok', COLLABORATOR: 'ok', OTHER_CLINIC_ADMIN: 'NOT_FOUND', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  confirmSupervision: { ADMIN: 'ok', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'ok', STAFF: 'ok', COLLABORATOR: 'ok', OTHER_CLINIC_ADMIN: 'NOT_FOUND', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  // Admins read every entry but vouch for none; colleagues who are no party do not see it.
  confirmOthersSupervision: { ADMIN: 'FORBIDDEN', PRESCRIBER: 'NOT_FOUND', THERAPIST: 'NOT_FOUND', NURSE: 'NOT_FOUND', STAFF: 'NOT_FOUND', COLLABORATOR: 'NOT_FOUND', OTHER_CLINIC_ADMIN: 'NOT_FOUND', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  readOwnSupervisionLog: { ADMIN: 'ok', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'ok', STAFF: 'ok', COLLABORATOR: 'ok', OTHER_CLINIC_ADMIN: 'ok', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  readColleagueSupervisionLog: { ADMIN: 'ok', PRESCRIBER: 'hidden', THERAPIST: 'hidden', NURSE: 'hidden', STAFF: 'hidden', COLLABORATOR: 'hidden', OTHER_CLINIC_ADMIN: 'NOT_FOUND', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  readTrainingProgramme: { ADMIN: 'ok', PRESCRIBER: 'ok', THERAPIST: 'ok', NURSE: 'ok', STAFF: 'ok', COLLABORATOR: 'ok', OTHER_CLINIC_ADMIN: 'ok', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
  setTrainingProgramme: { ADMIN: 'ok', PRESCRIBER: 'FORBIDDEN', THERAPIST: 'FORBIDDEN', NURSE: 'FORBIDDEN', STAFF: 'FORBIDDEN', COLLABORATOR: 'FORBIDDEN', OTHER_CLINIC_ADMIN: 'ok', KEY_TENANT: 'FORBIDDEN', KEY_CASES: 'FORBIDDEN', KEY_MEMBERS: 'FORBIDDEN', ANONYMOUS: 'UNAUTHENTICATED' },
};

const ROWS = Object.entries(MATRIX).flatMap(([operation, expected]) =>
  (Object.entries({ KEY_WEBHOOKS: 'FORBIDDEN', ...expected }) as [Actor, Outcome][]).map(([actor, outcome]) => {
    const op = OPERATIONS[operation];
    return [`${actor} ${op?.action ?? ''} ${op?.subject ?? ''} (${op?.situation ?? ''}) → ${outcome}`, operation, actor, outcome] as const;
  }),
);

describe('permission matrix (GraphQL over HTTP)', () => {
  const clock = new ManualClock(new Date());
  let world: World;

  beforeAll(async () => {
    // Webhook rows register a loopback URL (never contacted): the private-network test setting admits it.
    app = await startTestGateway({ clock, webhooksAllowPrivateNetworks: true });
    const clinic = await createClinic(app, clock, 'matrix');
    const otherClinic = await createClinic(app, clock, 'elsewhere');
    const key = async (scopes: string[]) =>
      (await gql(app, 'mutation K($s: [String!]!) { createApiKey(input: { label: "matrix", scopes: $s }) { secret } }', { s: scopes }, clinic.admin.accessToken)).body.data?.createApiKey.secret as string;
    const prescriber = await addMember(app, clinic, ['PRESCRIBER']);
    // Ordering a dose needs a licensed prescriber (docs/credentials.md): the matrix asks about the role, not the licence.
    for (const input of CREDENTIALS_OF.prescriber(clock)) await holdVerified(app, { clinic }, prescriber, input);
    const therapist = await addMember(app, clinic, ['THERAPIST']);
    const collaborator = await addMember(app, clinic, ['THERAPIST'], { outsideCollaborator: true });
    const tokens: Record<Actor, string | undefined> = {
      ADMIN: clinic.admin.accessToken,
      PRESCRIBER: prescriber.accessToken,
      THERAPIST: therapist.accessToken,
      NURSE: (await addMember(app, clinic, ['NURSE'])).accessToken,
      STAFF: (await addMember(app, clinic, ['STAFF'])).accessToken,
      COLLABORATOR: collaborator.accessToken,
      OTHER_CLINIC_ADMIN: otherClinic.admin.accessToken,
      KEY_TENANT: await key(['tenant:read']),
      KEY_MEMBERS: await key(['members:read']),
      KEY_CASES: await key(['cases:read']),
      KEY_WEBHOOKS: await key(['webhooks:manage']),
      ANONYMOUS: undefined,
    };
    const admin = clinic.admin.accessToken;
    const freshPatient = () => registerPatient(app, admin, { state: PATIENT_STATE });
    const teamCaseFor = async (patientId: string) => {
      const caseId = await openCase(app, admin, patientId);
      await assign(app, admin, caseId, prescriber.membershipId, 'PRESCRIBER_OF_RECORD');
      await assign(app, admin, caseId, therapist.membershipId, 'LEAD_THERAPIST');
      await assign(app, admin, caseId, collaborator.membershipId, 'CO_THERAPIST');
      return caseId;
    };
    const teamPatient = await freshPatient();
    const teamCaseId = await teamCaseFor(teamPatient);
    await gql(app, `mutation { recordPatientWeight(patientId: "${teamPatient}", weightKg: 70) { id } }`, {}, prescriber.accessToken);
    const otherPatient = await freshPatient();
    // Emergency grants by nurses who are no actor, so no actor's own access changes.
    const breakTheGlass = async (caseId: string) =>
      (await gql(app, 'mutation E($c: ID!) { requestEmergencyAccess(caseId: $c, reason: "Covering on call; the team is unreachable.") { id } }', { c: caseId }, (await addMember(app, clinic, ['NURSE'])).accessToken))
        .body.data?.requestEmergencyAccess.id as string;
    await breakTheGlass(teamCaseId);
    // A qualified supervisor (verified KAP training meeting Tandem's default) and a trainee, neither an actor.
    const supervisor = await addMember(app, clinic, ['THERAPIST']);
    const course = await gql(app, 'mutation A($i: CredentialInput!) { addCredential(input: $i) { id } }', { i: { kind: 'KAP_TRAINING', issuedOn: '2025-01-01', hours: 48, modules: ['SCREENING', 'SET_AND_SETTING', 'INTEGRATION', 'ETHICS', 'TRAUMA_INFORMED_CARE'] } }, supervisor.accessToken);
    await gql(app, 'mutation V($id: ID!) { verifyCredential(id: $id) { id } }', { id: course.body.data?.addCredential.id }, admin);
    const bystanderTraineeId = (await addMember(app, clinic, ['THERAPIST'])).membershipId;
    const freshSupervisionEntry = async (traineeId = bystanderTraineeId) =>
      (await gql(app, 'mutation L($i: LogSupervisionInput!) { logSupervision(input: $i) { id } }', { i: { traineeId, supervisorId: supervisor.membershipId, heldOn: '2025-06-01', hours: 1, kind: 'CONSULTATION' } }, supervisor.accessToken))
        .body.data?.logSupervision.id as string;
    await freshSupervisionEntry();
    world = {
      clinic,
      tokens,
      colleague: () => addMember(app, clinic, ['STAFF']),
      teamCase: { caseId: teamCaseId, patientId: teamPatient },
      otherCase: { caseId: await openCase(app, admin, otherPatient), patientId: otherPatient },
      freshTeamCase: async () => teamCaseFor(await freshPatient()),
      freshPatient,
      freshScreenedCase: async () => {
        const caseId = await teamCaseFor(await freshPatient());
        await gql(app, 'mutation S($c: ID!, $i: RecordScreeningInput!) { recordScreening(caseId: $c, input: $i) { id } }', { c: caseId, i: screeningInput() }, prescriber.accessToken);
        return caseId;
      },
      therapistMembershipId: therapist.membershipId,
      consentDocumentId: (await gql(app, 'mutation { publishConsentDocument(title: "Matrix", body: "text") { id } }', {}, admin)).body.data?.publishConsentDocument.id as string,
      glassCaseId: await openCase(app, admin, await freshPatient()),
      freshEmergencyGrant: async () => breakTheGlass(await openCase(app, admin, await freshPatient())),
      freshCredential: async () =>
        (await gql(app, 'mutation { addCredential(input: { kind: "ACLS", issuedOn: "2025-06-01" }) { id } }', {}, (await addMember(app, clinic, ['STAFF'])).accessToken)).body.data?.addCredential.id as string,
      supervisorMembershipId: supervisor.membershipId,
      bystanderTraineeId,
      freshSupervisionEntry,
      webhookEndpointId: (await gql(app, 'mutation { registerWebhookEndpoint(input: { url: "http://127.0.0.1:9/hook", eventTypes: ["session.completed"] }) { endpoint { id } } }', {}, tokens.KEY_WEBHOOKS))
        .body.data?.registerWebhookEndpoint.endpoint.id as string,
    };
  });

  afterAll(async () => {
    await app.stop();
  });

  it.each(ROWS)('%s', async (_label, operation, actor, expected) => {
    expect(await OPERATIONS[operation]?.run(world, world.tokens[actor])).toBe(expected);
  });
});
