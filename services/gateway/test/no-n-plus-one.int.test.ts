import { ManualClock } from '@tandem/core';
import type { GraphQLSchema } from 'graphql';
import { buildGatewaySchema } from '../src';
import { copyRow, oneId } from './support/bulk-seed';
import { addMember, gql } from './support/clinic-fixture';
import type { Clinic, Member } from './support/clinic-fixture';
import { createDosingTeam, dosingCase } from './support/dosing-fixture';
import { listFieldsOf, queryOf } from './support/list-walk';
import type { ListField } from './support/list-walk';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

type Size = 'small' | 'large';

/** List fields this test cannot grow from 5 to 50 rows, and why. A new list field must be exercised or listed here. */
const UNEXERCISED: Readonly<Record<string, string>> = {
  contraindicationChecklist: 'a fixed list: domain.md items plus the clinic settings, read with the clinic; no rows to multiply',
  notificationPreferences: 'one entry per notification kind, a fixed number set in code',
  webhookEventTypes: 'strings from code; no database',
  trainingProgramme: 'one entry per gated role (three), set in code; the rows are per role, not per record',
  myReadiness: 'one entry per gated role (three), computed from one read of the member credentials',
  supervisionLog: 'not yet exercised here (its rows need a qualified supervisor in this fixture); it reads a page in one statement and loads nothing per entry (supervision.service.ts ofMember)',
};

const SEARCH = '"Lovelace"';

describe('no N+1: a page of 50 costs the statements of a page of 5, on every list field', () => {
  const clock = new ManualClock(new Date('2026-06-15T12:00:00Z'));
  let app: TestGateway;
  let schema: GraphQLSchema;
  let clinic: Clinic;
  let prescriber: Member;
  let therapist: Member;
  let partnerKey: string;
  const cases: Record<Size, string> = { small: '', large: '' };
  let endpointId = '';
  let largePatientId = '';

  /** The arguments of each exercised field for a small (≤ 10 rows) or large (≥ 50 rows) list. */
  const ARGUMENTS: Readonly<Record<string, (size: Size) => Record<string, string>>> = {
    apiKeys: () => ({}),
    cases: () => ({}),
    members: () => ({}),
    invitations: () => ({}),
    inbox: () => ({}),
    myFollowUps: () => ({}),
    followUps: () => ({}),
    sessions: () => ({}),
    webhookEndpoints: () => ({}),
    registeredOperations: () => ({}),
    patients: () => ({ search: SEARCH }),
    webhookAttempts: () => ({ endpointId: `"${endpointId}"` }),
    caseFollowUps: () => ({ caseId: `"${cases.large}"` }),
    caseNotes: () => ({ caseId: `"${cases.large}"` }),
    caseTimeline: () => ({ caseId: `"${cases.large}"` }),
    caseConsents: (size) => ({ caseId: `"${cases[size]}"` }),
    caseScreenings: (size) => ({ caseId: `"${cases[size]}"` }),
    caseSessions: (size) => ({ caseId: `"${cases[size]}"` }),
    safetySignals: (size) => ({ caseId: `"${cases[size]}"` }),
    consentDocuments: () => ({}),
    emergencyAccessReviews: () => ({ status: 'PENDING' }),
    // The fixture's writes and copies are audited by the database's triggers: well over 50 events.
    auditEvents: () => ({}),
    patientAccessReport: () => ({ patientId: `"${largePatientId}"` }),
    roster: () => ({}),
    myCredentials: () => ({}),
    memberCredentials: () => ({ membershipId: `"${therapist.membershipId}"` }),
  };

  beforeAll(async () => {
    app = await startTestGateway({ clock, webhooksAllowPrivateNetworks: true });
    schema = await buildGatewaySchema();
    const team = await createDosingTeam(app, clock, 'n-plus-one');
    ({ clinic, prescriber, therapist } = team);
    cases.large = (await dosingCase(app, team)).caseId;
    cases.small = (await dosingCase(app, team)).caseId;
    const scopes = ['tenant:read', 'members:read', 'cases:read', 'measures:read', 'sessions:read', 'notes:read', 'followups:read', 'webhooks:manage'];
    partnerKey = (await gql(app, 'mutation K($s: [String!]!) { createApiKey(input: { label: "partner", scopes: $s }) { secret } }', { s: scopes }, clinic.admin.accessToken)).body.data?.createApiKey.secret as string;
    for (const size of ['small', 'large'] as const) await caseRecords(cases[size], size === 'large' ? 55 : 4);
    await clinicRecords();
  }, 120_000);

  afterAll(async () => {
    await app.stop();
  });

  /** One of each clinical record through the API, then copies in the same case. */
  async function caseRecords(caseId: string, copies: number): Promise<void> {
    const c = caseId;
    await gql(app, 'mutation S($c: ID!, $p: [ID!]!) { scheduleSession(caseId: $c, input: { kind: INTEGRATION, startsAt: "2026-07-01T10:00:00Z", expectedMinutes: 60, location: TELEHEALTH, participantIds: $p }) { id } }', { c, p: [therapist.membershipId] }, prescriber.accessToken);
    await gql(app, 'mutation M($c: ID!) { recordMeasure(caseId: $c, input: { instrument: PHQ9, answers: [1,1,1,1,1,1,1,1,1] }) { id } }', { c }, therapist.accessToken);
    const note = (await gql(app, 'mutation W($c: ID!) { writeNote(caseId: $c, input: { kind: PROGRESS, visibility: CARE_TEAM, body: "Integration went well." }) { id version } }', { c }, therapist.accessToken)).body.data?.writeNote;
    await gql(app, 'mutation S($id: ID!, $v: Int!) { signNote(id: $id, version: $v) { id } }', { id: note.id, v: note.version }, therapist.accessToken);
    await gql(app, 'mutation F($c: ID!, $a: ID!) { createFollowUp(caseId: $c, input: { assigneeId: $a, dueAt: "2026-07-02T10:00:00Z", kind: "CUSTOM", title: "Call" }) { id } }', { c, a: prescriber.membershipId }, prescriber.accessToken);
    for (const table of ['treatment_session', 'safety_signal', 'case_note', 'follow_up', 'screening', 'patient_consent', 'case_event']) {
      await copyRow(app, table, await oneId(app, table, 'case_id = $1', [caseId]), copies);
    }
  }

  /** Clinic-wide lists: 55 more cases with their teams, members, invitations, keys, endpoints, attempts, inbox entries. */
  async function clinicRecords(): Promise<void> {
    const patientId = await oneId(app, 'patient', 'id = (SELECT patient_id FROM clinical_case WHERE id = $1)', [cases.large]);
    largePatientId = patientId;
    const copyOf = `(SELECT mrn FROM patient WHERE id = '${patientId}') || '-copy-' || g`;
    await copyRow(app, 'patient', patientId, 55, { mrn: `src.mrn || '-copy-' || g` });
    await copyRow(app, 'clinical_case', cases.large, 55, { patient_id: `(SELECT id FROM patient WHERE mrn = ${copyOf})` });
    const copiedCase = `(SELECT c.id FROM clinical_case c JOIN patient p ON p.id = c.patient_id WHERE p.mrn = ${copyOf})`;
    const team = await app.db.asSystem('test-fixture', (m) => m.query<{ id: string }[]>(`SELECT id FROM care_team_member WHERE case_id = $1`, [cases.large]));
    for (const member of team) await copyRow(app, 'care_team_member', member.id, 55, { case_id: copiedCase });

    const userId = await oneId(app, 'app_user', 'id = (SELECT user_id FROM membership WHERE id = $1)', [therapist.membershipId]);
    await copyRow(app, 'app_user', userId, 55, { email: `'copy-' || g || '-' || src.email` });
    await copyRow(app, 'membership', therapist.membershipId, 55, { user_id: `(SELECT id FROM app_user u WHERE u.email = 'copy-' || g || '-' || (SELECT email FROM app_user WHERE id = src.user_id))` });

    const fresh = `sha256(gen_random_uuid()::text::bytea)`;
    await gql(app, 'mutation { inviteMember(input: { email: "invitee@example.com", roles: [NURSE] }) { token } }', {}, clinic.admin.accessToken);
    await copyRow(app, 'invitation', await oneId(app, 'invitation', `email = 'invitee@example.com'`, []), 55, { email: `'copy-' || g || '-' || src.email`, secret_hash: fresh });
    await copyRow(app, 'api_key', await oneId(app, 'api_key', `label = 'partner'`, []), 55, { secret_hash: fresh, label: `src.label || ' ' || g` });
    await gql(app, 'mutation { registerOperation(input: { name: "ClinicName", query: "{ clinic { name } }" }) { sha256 } }', {}, clinic.admin.accessToken);
    const operationId = await oneId(app, 'registered_operation', `name = 'ClinicName'`, []);
    await copyRow(app, 'registered_operation', operationId, 55, { sha256: `encode(sha256((src.query || g)::bytea), 'hex')`, name: `src.name || g` });

    // An off-team nurse breaks the glass on the large case; its copies fill the admins' review queue.
    const nurse = await addMember(app, clinic, ['NURSE']);
    const reason = 'Covering the on-call line; the team is unreachable.';
    const grant = await gql(app, 'mutation E($c: ID!, $r: String!) { requestEmergencyAccess(caseId: $c, reason: $r) { id } }', { c: cases.large, r: reason }, nurse.accessToken);
    await copyRow(app, 'emergency_access', grant.body.data?.requestEmergencyAccess.id as string, 55);

    // One credential each; GROW copies them between the measurements.
    for (const member of [prescriber, therapist]) await gql(app, 'mutation { addCredential(input: { kind: "BLS", issuedOn: "2025-06-01", expiresOn: "2027-06-01" }) { id } }', {}, member.accessToken);

    const endpoint = await gql(app, 'mutation { registerWebhookEndpoint(input: { url: "http://127.0.0.1:9/hook", eventTypes: ["session.completed"] }) { endpoint { id } } }', {}, partnerKey);
    endpointId = endpoint.body.data?.registerWebhookEndpoint.endpoint.id as string;
    if (!endpointId) throw new Error(`register failed: ${JSON.stringify(endpoint.body.errors)}`);
    await copyRow(app, 'webhook_endpoint', endpointId, 55, { url: `src.url || '/' || g` });
    await app.db.asSystem('test-fixture', async (m) => {
      await m.query(
        `INSERT INTO webhook_delivery (tenant_id, id, endpoint_id, outbox_id, event_type, event_at, data, status, attempts, created_at)
         SELECT $1, gen_random_uuid(), $2, gen_random_uuid(), 'session.completed', now(), '{}', 'FAILED', 1, now() FROM generate_series(1, 55)`,
        [clinic.id, endpointId],
      );
      await m.query(
        `INSERT INTO webhook_attempt (tenant_id, id, endpoint_id, delivery_id, attempt, attempted_at, duration_ms, status_code)
         SELECT tenant_id, gen_random_uuid(), endpoint_id, id, 1, now(), 12, 500 FROM webhook_delivery WHERE endpoint_id = $1`,
        [endpointId],
      );
      await m.query(
        `INSERT INTO notification (tenant_id, id, membership_id, kind, subject_type, subject_id, case_id, dedupe_key, created_at)
         SELECT $1, gen_random_uuid(), ms.id, 'MENTION', 'Note', n.id, n.case_id, 'n-plus-one:' || ms.id || ':' || g, now()
         FROM membership ms, generate_series(1, 55) g, (SELECT id, case_id FROM case_note WHERE case_id = $2 LIMIT 1) n
         WHERE ms.id = ANY($3::uuid[])`,
        [clinic.id, cases.large, [clinic.admin.membershipId, prescriber.membershipId, therapist.membershipId]],
      );
    });
  }

  async function cost(list: ListField, size: Size, first: number, token: string): Promise<{ statements: number; length: number; errors: unknown }> {
    const query = queryOf(schema, list, ARGUMENTS[list.name]?.(size) ?? {});
    const before = app.db.statementsSent;
    const response = await gql(app, query, list.paged ? { first } : {}, token);
    const statements = app.db.statementsSent - before;
    const data = response.body.data?.[list.name] as { edges?: unknown[] } | unknown[] | undefined;
    const length = (Array.isArray(data) ? data.length : data?.edges?.length) ?? -1;
    return { statements, length, errors: response.body.errors };
  }

  /** Lists with no argument to choose their size grow between the two measurements. */
  const GROW: Readonly<Record<string, (size: Size) => Promise<void>>> = {
    myCredentials: async (size) => copyRow(app, 'credential', await oneId(app, 'credential', 'membership_id = $1', [prescriber.membershipId]), size === 'small' ? 4 : 50),
    memberCredentials: async (size) => copyRow(app, 'credential', await oneId(app, 'credential', 'membership_id = $1', [therapist.membershipId]), size === 'small' ? 4 : 50),
    consentDocuments: async (size) => {
      const id = await oneId(app, 'consent_document', 'tenant_id = $1', [clinic.id]);
      await copyRow(app, 'consent_document', id, size === 'small' ? 4 : 50, { title: `src.title || ' ${size} ' || g` });
    },
  };

  it.each(Object.keys(ARGUMENTS))('%s: a list of 50 costs the statements of a list of 5, for every actor who may read it', async (name) => {
    const list = listFieldsOf(schema).find((field) => field.name === name);
    if (!list) throw new Error(`${name} is no longer a list field`);
    const actors: Record<string, string> = { admin: clinic.admin.accessToken, prescriber: prescriber.accessToken, partner: partnerKey };
    const measured: Record<Size, Record<string, Awaited<ReturnType<typeof cost>>>> = { small: {}, large: {} };
    for (const size of ['small', 'large'] as const) {
      await GROW[name]?.(size);
      for (const [actor, token] of Object.entries(actors)) measured[size][actor] = await cost(list, size, size === 'small' ? 5 : 50, token);
    }
    const full = (actor: string) => {
      const { small, large } = { small: measured.small[actor], large: measured.large[actor] };
      if (!small || !large) return false;
      return list.paged ? small.length === 5 && large.length === 50 : small.length >= 1 && small.length <= 10 && large.length >= 50;
    };
    const exercised = Object.keys(actors).filter(full);
    const costs = Object.fromEntries(exercised.map((actor) => [actor, [measured.small[actor]?.statements, measured.large[actor]?.statements]]));
    const why = Object.fromEntries(Object.keys(actors).map((actor) => [actor, [measured.small[actor]?.length, measured.large[actor]?.length, measured.large[actor]?.errors]]));
    expect({ name, exercised: exercised.length > 0 ? 'yes' : why }).toEqual({ name, exercised: 'yes' });
    expect(costs).toEqual(Object.fromEntries(exercised.map((actor) => [actor, [costs[actor]?.[0], costs[actor]?.[0]]])));
  });

  it('exercises or explicitly lists every list field of the schema', () => {
    const names = listFieldsOf(schema).map((field) => field.name);
    expect(names.filter((name) => !(name in ARGUMENTS) && !(name in UNEXERCISED))).toEqual([]);
    expect(Object.keys(ARGUMENTS).filter((name) => !names.includes(name))).toEqual([]);
  });

  it.each(Object.keys(UNEXERCISED))('%s is listed as unexercised with a reason', (name) => {
    expect(UNEXERCISED[name]?.length).toBeGreaterThan(10);
  });
});
