import { newId } from '@tandem/core';
import type { Clock } from '@tandem/core';
import { addMember, gql } from './clinic-fixture';
import { createDosingTeam, dosingCase } from './dosing-fixture';
import type { DosingTeam } from './dosing-fixture';
import type { TestGateway } from './test-gateway';

/** The kinds of record an id argument can point at. */
export type RecordKind =
  | 'case'
  | 'patient'
  | 'session'
  | 'membership'
  | 'careTeamMember'
  | 'note'
  | 'followUp'
  | 'safetySignal'
  | 'notification'
  | 'apiKey'
  | 'webhookEndpoint'
  | 'invitation'
  | 'consent'
  | 'consentDocument'
  | 'registeredOperation'
  | 'emergencyAccess'
  | 'user'
  | 'credential'
  | 'supervisionEntry';

export interface ClinicRecords {
  readonly team: DosingTeam;
  /** An API key of the clinic's webhooks partner (scope webhooks:manage). */
  readonly webhooksKey: string;
  readonly ids: Readonly<Record<RecordKind, string>>;
}

/** Sends one operation and returns `pick` of its data, failing loudly when it was refused. */
async function made(app: TestGateway, token: string, query: string, variables: Record<string, unknown>, pick: (data: Record<string, any>) => unknown): Promise<string> {
  const response = await gql(app, query, variables, token);
  const id = response.body.data ? pick(response.body.data) : undefined;
  if (typeof id !== 'string') throw new Error(`fixture step failed: ${query.slice(0, 60)} ${JSON.stringify(response.body.errors)}`);
  return id;
}

/**
 * A clinic with one record of every kind an id argument names, made through the API as its
 * clinicians would (a notification, which only the worker delivers, is written as in inbox.int).
 * The gateway must allow webhooks to private networks (the endpoint is a local address).
 */
export async function createClinicRecords(app: TestGateway, clock: Clock, name: string): Promise<ClinicRecords> {
  const team = await createDosingTeam(app, clock, name);
  const { clinic, prescriber, therapist, nurse } = team;
  const { caseId, patientId, consentId } = await dosingCase(app, team);
  const admin = clinic.admin.accessToken;
  const startsAt = new Date(clock.now().getTime() + 7 * 86_400_000).toISOString();
  const session = await made(app, prescriber.accessToken, 'mutation S($c: ID!, $i: ScheduleSessionInput!) { scheduleSession(caseId: $c, input: $i) { id } }', { c: caseId, i: { kind: 'DOSING', startsAt, expectedMinutes: 180, location: 'IN_CLINIC', participantIds: [prescriber.membershipId, therapist.membershipId, nurse.membershipId] } }, (d) => d.scheduleSession?.id);
  const note = await made(app, therapist.accessToken, 'mutation W($c: ID!, $i: WriteNoteInput!) { writeNote(caseId: $c, input: $i) { id } }', { c: caseId, i: { kind: 'PROGRESS', visibility: 'CARE_TEAM', body: 'Prep session: intentions set.' } }, (d) => d.writeNote?.id);
  const followUp = await made(app, therapist.accessToken, 'mutation C($c: ID!, $i: FollowUpInputType!) { createFollowUp(caseId: $c, input: $i) { id } }', { c: caseId, i: { kind: 'CUSTOM', title: 'Send integration worksheet', assigneeId: therapist.membershipId, dueAt: startsAt } }, (d) => d.createFollowUp?.id);
  // PHQ-9 item 9 answered above 0 opens a safety signal.
  await made(app, therapist.accessToken, 'mutation M($c: ID!, $i: RecordMeasureInput!) { recordMeasure(caseId: $c, input: $i) { id } }', { c: caseId, i: { instrument: 'PHQ9', answers: [1, 1, 1, 1, 1, 1, 1, 1, 1] } }, (d) => d.recordMeasure?.id);
  const safetySignal = await made(app, therapist.accessToken, 'query S($c: ID!) { safetySignals(caseId: $c) { id } }', { c: caseId }, (d) => d.safetySignals?.[0]?.id);
  const careTeamMember = await made(app, admin, 'query C($c: ID!) { case(id: $c) { careTeam { id } } }', { c: caseId }, (d) => d.case?.careTeam?.[0]?.id);
  const apiKey = await made(app, admin, 'mutation K($i: CreateApiKeyInput!) { createApiKey(input: $i) { apiKey { id } } }', { i: { label: 'partner', scopes: ['members:read'] } }, (d) => d.createApiKey?.apiKey.id);
  const hooksKey = await made(app, admin, 'mutation K($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }', { i: { label: 'hooks', scopes: ['webhooks:manage'] } }, (d) => d.createApiKey?.secret);
  const webhookEndpoint = await made(app, hooksKey, 'mutation R($i: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $i) { endpoint { id } } }', { i: { url: 'http://127.0.0.1:9/hook', eventTypes: ['follow_up.created'] } }, (d) => d.registerWebhookEndpoint?.endpoint.id);
  const invitation = await made(app, admin, 'mutation I($i: InviteMemberInput!) { inviteMember(input: $i) { invitation { id } } }', { i: { email: `invitee@${clinic.slug}.example`, roles: ['NURSE'] } }, (d) => d.inviteMember?.invitation.id);
  const registeredOperation = await made(app, admin, 'mutation O($i: RegisterOperationInput!) { registerOperation(input: $i) { id } }', { i: { name: 'ClinicName', query: '{ clinic { name } }' } }, (d) => d.registerOperation?.id);
  // A nurse of the clinic who is not on the case breaks the glass.
  const covering = await addMember(app, clinic, ['NURSE']);
  const emergencyAccess = await made(app, covering.accessToken, 'mutation E($c: ID!, $r: String!) { requestEmergencyAccess(caseId: $c, reason: $r) { id } }', { c: caseId, r: 'Covering the overnight call: patient phoned in distress' }, (d) => d.requestEmergencyAccess?.id);
  const credential = await made(app, prescriber.accessToken, 'mutation A($i: CredentialInput!) { addCredential(input: $i) { id } }', { i: { kind: 'BLS', issuedOn: '2025-06-01', expiresOn: '2027-06-01' } }, (d) => d.addCredential?.id);
  // The therapist, with verified KAP training, supervises the nurse: one entry of the supervision log.
  const course = await made(app, therapist.accessToken, 'mutation A($i: CredentialInput!) { addCredential(input: $i) { id } }', { i: { kind: 'KAP_TRAINING', issuedOn: '2025-01-01', hours: 48, modules: ['SCREENING', 'SET_AND_SETTING', 'INTEGRATION', 'ETHICS', 'TRAUMA_INFORMED_CARE'] } }, (d) => d.addCredential?.id);
  await made(app, admin, 'mutation V($id: ID!) { verifyCredential(id: $id) { id } }', { id: course }, (d) => d.verifyCredential?.id);
  const supervisionEntry = await made(app, nurse.accessToken, 'mutation L($i: LogSupervisionInput!) { logSupervision(input: $i) { id } }', { i: { traineeId: nurse.membershipId, supervisorId: therapist.membershipId, heldOn: '2025-06-01', hours: 1, kind: 'SUPERVISION' } }, (d) => d.logSupervision?.id);
  const notification = newId();
  await app.db.withTenant({ tenantId: clinic.id }, (m) =>
    m.query(`INSERT INTO notification (tenant_id, id, membership_id, kind, subject_type, subject_id, dedupe_key, created_at) VALUES ($1, $2, $3, 'SAFETY_ALERT', 'SafetySignal', $4, $5, now())`, [clinic.id, notification, therapist.membershipId, safetySignal, `records:${notification}`]),
  );
  return {
    team,
    webhooksKey: hooksKey,
    ids: { case: caseId, patient: patientId, session, membership: prescriber.membershipId, careTeamMember, note, followUp, safetySignal, notification, apiKey, webhookEndpoint, invitation, consent: consentId, consentDocument: team.consentDocument, registeredOperation, emergencyAccess, credential, supervisionEntry, user: prescriber.userId },
  };
}
