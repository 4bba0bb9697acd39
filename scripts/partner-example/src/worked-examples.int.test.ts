import 'reflect-metadata';
import { TenantService } from '@tandem/accounts';
import { DEFAULT_CONTRAINDICATIONS } from '@tandem/clinical';
import { createLogger, systemClock } from '@tandem/core';
import { startGateway } from '@tandem/gateway';
import type { Gateway } from '@tandem/gateway';
import { createTestDatabase, createTestRedis, graphql } from '@tandem/testing';
import type { TestDatabase, TestRedis } from '@tandem/testing';
import { allPages, partnerClient } from './client';
import { ActiveCasesWithLatestPhq9Document, DosingSessionsInWeekDocument, FollowUpsChangedSinceDocument } from './generated/graphql';

const PASSWORD = 'partner-example-passphrase';
let testDb: TestDatabase;
let redis: TestRedis;
let gateway: Gateway;

async function call<D = Record<string, any>>(query: string, variables: Record<string, unknown>, token?: string): Promise<D> {
  const response = await graphql<D>(gateway.graphqlUrl, { query, variables, token });
  if (response.body.errors?.length || !response.body.data) throw new Error(JSON.stringify(response.body.errors));
  return response.body.data;
}

async function accept(token: string, email: string): Promise<{ token: string; membershipId: string }> {
  const accepted = await call<{ acceptInvitation: { accessToken: string } }>(
    'mutation A($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { accessToken } }',
    { i: { token, password: PASSWORD, displayName: email } },
  );
  const viewer = await call<{ viewer: { membershipId: string } }>('{ viewer { membershipId } }', {}, accepted.acceptInvitation.accessToken);
  return { token: accepted.acceptInvitation.accessToken, membershipId: viewer.viewer.membershipId };
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  redis = createTestRedis();
  const db = await testDb.connect({ log: createLogger({ level: 'silent', service: 'partner-example' }) });
  gateway = await startGateway({
    settings: { host: '127.0.0.1', port: 0, production: false, shutdownTimeoutMs: 5_000, webhooksAllowPrivateNetworks: false },
    db,
    auth: { tokenKeys: [{ kid: 'default', secret: 'partner-example-token-secret-32-chars!!' }], encryptionKey: Buffer.alloc(32, 7) },
    redis: redis.connect(),
    redisPrefix: redis.prefix,
    log: createLogger({ level: 'silent', service: 'gateway' }),
  });
});

afterAll(async () => {
  await gateway.close();
  await redis.close();
  await testDb.drop();
});

it('answers the three worked examples of docs/api.md through the typed client and a partner key', async () => {
  // A clinic, its admin, a prescriber and a coordinator, and a case walked into DOSING.
  const ownerDb = await testDb.connect({ poolSize: 1 });
  const created = await new TenantService(ownerDb).create(systemClock, { name: 'Partner example clinic', slug: 'partner-example', adminEmail: 'admin@partner.example' });
  const admin = await accept(created.invitationToken, 'admin@partner.example');
  const invite = async (email: string, roles: string[]) => {
    const invited = await call<{ inviteMember: { token: string } }>('mutation I($i: InviteMemberInput!) { inviteMember(input: $i) { token } }', { i: { email, roles } }, admin.token);
    return accept(invited.inviteMember.token, email);
  };
  const prescriber = await invite('prescriber@partner.example', ['PRESCRIBER']);
  const therapist = await invite('therapist@partner.example', ['THERAPIST']);
  const staff = await invite('staff@partner.example', ['STAFF']);
  // The credential gates always apply (docs/credentials.md): the prescriber orders and the therapist facilitates.
  const current = { issuedOn: `${new Date().getUTCFullYear() - 1}-01-01`, expiresOn: `${new Date().getUTCFullYear() + 5}-12-31` };
  const verified = async (holder: { token: string }, i: Record<string, unknown>) => {
    const added = await call<{ addCredential: { id: string } }>('mutation C($i: CredentialInput!) { addCredential(input: $i) { id } }', { i }, holder.token);
    await call('mutation V($id: ID!) { verifyCredential(id: $id) { verified } }', { id: added.addCredential.id }, admin.token);
  };
  await verified(prescriber, { kind: 'LICENSE', jurisdiction: 'OR', number: 'MD12345', ...current });
  await verified(prescriber, { kind: 'DEA_REGISTRATION', number: 'AB1234563', ...current });
  await verified(therapist, { kind: 'KAP_TRAINING', issuedOn: current.issuedOn, hours: 40, modules: ['SCREENING', 'SET_AND_SETTING', 'INTEGRATION', 'ETHICS', 'TRAUMA_INFORMED_CARE'] });
  const patient = await call<{ registerPatient: { id: string } }>(
    'mutation R($i: RegisterPatientInput!) { registerPatient(input: $i) { id } }',
    { i: { mrn: 'PX-1', givenName: 'Pat', familyName: 'Example', dateOfBirth: '1980-01-01', sex: 'FEMALE', state: 'OR' } },
    staff.token,
  );
  const caseId = (await call<{ openCase: { id: string } }>('mutation O($i: OpenCaseInput!) { openCase(input: $i) { id } }', { i: { patientId: patient.registerPatient.id, indication: 'TRD' } }, staff.token)).openCase.id;
  const assign = 'mutation T($c: ID!, $m: ID!, $r: CaseRole!) { addCareTeamMember(caseId: $c, membershipId: $m, caseRole: $r) { id } }';
  await call(assign, { c: caseId, m: prescriber.membershipId, r: 'PRESCRIBER_OF_RECORD' }, admin.token);
  await call(assign, { c: caseId, m: therapist.membershipId, r: 'LEAD_THERAPIST' }, admin.token);
  await call(assign, { c: caseId, m: staff.membershipId, r: 'COORDINATOR' }, admin.token);
  const move = (to: string) => call('mutation M($c: ID!, $to: CaseStatus!) { transitionCase(caseId: $c, to: $to) { status } }', { c: caseId, to }, prescriber.token);
  await move('SCREENING');
  const answers = DEFAULT_CONTRAINDICATIONS.map((item) => ({ code: item.code, present: false }));
  await call('mutation S($c: ID!, $i: RecordScreeningInput!) { recordScreening(caseId: $c, input: $i) { id } }', { c: caseId, i: { answers, baselineVitals: { systolic: 120, diastolic: 80 } } }, prescriber.token);
  await move('AWAITING_CLEARANCE');
  await call('mutation G($c: ID!) { grantMedicalClearance(caseId: $c) { id } }', { c: caseId }, prescriber.token);
  await move('AWAITING_CONSENT');
  const document = await call<{ publishConsentDocument: { id: string } }>('mutation D { publishConsentDocument(title: "KAP consent", body: "The risks and benefits.") { id } }', {}, admin.token);
  await call('mutation K($c: ID!, $d: ID!) { recordConsent(caseId: $c, input: { documentId: $d, signerName: "Pat", method: IN_PERSON }) { id } }', { c: caseId, d: document.publishConsentDocument.id }, prescriber.token);
  await move('PREPARATION');
  await move('DOSING');
  await call(
    'mutation P($c: ID!, $i: TreatmentPlanInput!) { setTreatmentPlan(caseId: $c, input: $i) { id } }',
    { c: caseId, i: { route: 'IV', plannedDosingSessions: 6, doseUnit: 'MG_PER_KG', doseMin: 0.5, doseMax: 0.75 } },
    prescriber.token,
  );
  await call('mutation Q($c: ID!, $i: RecordMeasureInput!) { recordMeasure(caseId: $c, input: $i) { id } }', { c: caseId, i: { instrument: 'PHQ9', answers: [2, 2, 2, 2, 1, 1, 1, 1, 0] } }, prescriber.token);
  const weekStart = new Date(Date.now() + 24 * 3_600_000);
  const session = await call<{ scheduleSession: { id: string } }>(
    'mutation X($c: ID!, $i: ScheduleSessionInput!) { scheduleSession(caseId: $c, input: $i) { id } }',
    { c: caseId, i: { kind: 'DOSING', startsAt: new Date(weekStart.getTime() + 3_600_000).toISOString(), expectedMinutes: 120, location: 'IN_CLINIC', participantIds: [prescriber.membershipId, therapist.membershipId] } },
    staff.token,
  );
  const syncedAt = new Date(Date.now() - 1_000).toISOString();
  const followUp = await call<{ createFollowUp: { id: string } }>(
    'mutation F($c: ID!, $i: FollowUpInputType!) { createFollowUp(caseId: $c, input: $i) { id } }',
    { c: caseId, i: { kind: 'CUSTOM', title: 'Call the patient', assigneeId: staff.membershipId, dueAt: weekStart.toISOString() } },
    staff.token,
  );

  // The partner's key, made by the admin.
  const key = await call<{ createApiKey: { secret: string } }>(
    'mutation K($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }',
    { i: { label: 'EHR sync', scopes: ['cases:read', 'measures:read', 'sessions:read', 'followups:read'] } },
    admin.token,
  );
  expect(key.createApiKey.secret).toMatch(/^tdmk_/);
  const client = partnerClient(gateway.graphqlUrl, key.createApiKey.secret);

  // 1. Active cases with their latest PHQ-9.
  const cases = await allPages(async (after) => (await client.request(ActiveCasesWithLatestPhq9Document, { first: 100, after })).cases);
  expect(cases).toEqual([
    expect.objectContaining({ id: caseId, status: 'DOSING', patient: { mrn: 'PX-1' }, latestMeasure: expect.objectContaining({ total: 12, band: 'MODERATE' }) }),
  ]);

  // 2. Dosing sessions in the coming week.
  const weekEnd = new Date(weekStart.getTime() + 7 * 24 * 3_600_000);
  const sessions = await allPages(async (after) => (await client.request(DosingSessionsInWeekDocument, { from: weekStart.toISOString(), to: weekEnd.toISOString(), first: 100, after })).sessions);
  expect(sessions.map((s) => [s.id, s.caseId, s.status])).toEqual([[session.scheduleSession.id, caseId, 'SCHEDULED']]);

  // 3. Follow-ups changed since the last sync; a completed one comes back with its new updatedAt.
  const changed = await allPages(async (after) => (await client.request(FollowUpsChangedSinceDocument, { updatedSince: syncedAt, first: 100, after })).followUps);
  expect(changed.map((f) => [f.id, f.status])).toEqual([[followUp.createFollowUp.id, 'OPEN']]);
  const lastSync = changed[changed.length - 1]?.updatedAt ?? syncedAt;
  await call('mutation C($id: ID!) { completeFollowUp(id: $id, note: "Reached") { id } }', { id: followUp.createFollowUp.id }, staff.token);
  const next = await client.request(FollowUpsChangedSinceDocument, { updatedSince: lastSync, first: 100 });
  expect(next.followUps.edges.map((e) => [e.node.id, e.node.status])).toEqual([[followUp.createFollowUp.id, 'DONE']]);
  await ownerDb.close();
});
