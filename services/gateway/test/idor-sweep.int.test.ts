import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_CONTRAINDICATIONS } from '@tandem/clinical';
import { ManualClock, newId } from '@tandem/core';
import { buildSchema, getNamedType } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import type { Client } from 'pg';
import { buildGatewaySchema } from '../src';
import { gql } from './support/clinic-fixture';
import type { Member } from './support/clinic-fixture';
import { createClinicRecords } from './support/clinic-records';
import type { ClinicRecords, RecordKind } from './support/clinic-records';
import { idCallsOf, withIds } from './support/id-walk';
import type { IdCall } from './support/id-walk';
import { everyRow, superuserOf } from './support/table-digest';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

/**
 * IDOR sweep: every Query and Mutation field that takes an id (generated from the schema, so a
 * new operation is swept without anyone adding it) is called by clinic A's admin, prescriber,
 * therapist, nurse and webhooks partner key with clinic B's ids in every id input, and again with
 * ids that exist nowhere. The two answers are the same — B's records do not exist for A — and
 * nothing at all is written. Each answer is NOT_FOUND, an empty list where the id scopes a list,
 * or FORBIDDEN where the caller's role may not do it to any record (the same for both ids); and
 * every operation answers NOT_FOUND or empty to at least one caller, so its lookup was reached.
 */
const COMMITTED = idCallsOf(buildSchema(readFileSync(path.join(__dirname, '..', '..', '..', 'schema.graphql'), 'utf8')));

/** Id inputs named for what they point at. */
const BY_NAME: Readonly<Record<string, RecordKind>> = {
  caseId: 'case',
  patientId: 'patient',
  sessionId: 'session',
  membershipId: 'membership',
  assigneeId: 'membership',
  cosignerId: 'membership',
  authorId: 'membership',
  participantIds: 'membership',
  supervisorId: 'membership',
  teamMemberId: 'membership',
  traineeId: 'membership',
  mentionIds: 'membership',
  endpointId: 'webhookEndpoint',
  documentId: 'consentDocument',
  // The audit review's filter by who acted: a user.
  actorId: 'user',
};

/** An argument named `id` points at what the field returns... */
const BY_RETURN_TYPE: Readonly<Record<string, RecordKind>> = {
  Case: 'case',
  Patient: 'patient',
  TreatmentSession: 'session',
  Membership: 'membership',
  Note: 'note',
  FollowUp: 'followUp',
  SafetySignal: 'safetySignal',
  Notification: 'notification',
  ApiKey: 'apiKey',
  CreatedApiKey: 'apiKey',
  WebhookEndpoint: 'webhookEndpoint',
  WebhookEndpointWithSecret: 'webhookEndpoint',
  Invitation: 'invitation',
  Consent: 'consent',
  RegisteredOperation: 'registeredOperation',
  EmergencyAccess: 'emergencyAccess',
  Credential: 'credential',
  SupervisionEntry: 'supervisionEntry',
};

/** ...except where it does not. */
const ID_EXCEPTIONS: Readonly<Record<string, RecordKind>> = {
  'Mutation.removeCareTeamMember': 'careTeamMember',
  'Mutation.completeSession': 'session',
  // Answers the id it removed.
  'Mutation.unregisterOperation': 'registeredOperation',
};

/**
 * Realistic values for inputs that are checked before the record is looked up, so that the
 * lookup is what answers. Everything else takes mutation-walk's fitting values.
 */
const AT = '2026-07-01T10:00:00.000Z';
const REALISTIC: Readonly<Record<string, Record<string, unknown>>> = {
  'Mutation.openCase': { input: { patientId: '', indication: 'TRD' } },
  'Mutation.recordPatientWeight': { weightKg: 70 },
  'Mutation.requestEmergencyAccess': { reason: 'Covering the overnight call: patient phoned in distress' },
  'Mutation.updatePatient': { input: { familyName: 'Lovelace' } },
  'Mutation.createFollowUp': { input: { kind: 'CUSTOM', title: 'Call the patient', assigneeId: '', dueAt: AT } },
  'Mutation.recordMeasure': { input: { instrument: 'PHQ9', answers: [0, 0, 0, 0, 0, 0, 0, 0, 0] } },
  'Mutation.recordScreening': { input: { answers: DEFAULT_CONTRAINDICATIONS.map((item) => ({ code: item.code, present: false })), baselineVitals: { systolic: 120, diastolic: 80 } } },
  'Mutation.recordVitals': { input: { at: AT, phase: 'PRE_DOSE', systolic: 120, diastolic: 80, heartRate: 70, spo2: 98 } },
  'Mutation.updateCredential': { input: { kind: 'BLS', issuedOn: '2025-06-01' } },
  'Mutation.logSupervision': { input: { traineeId: '', supervisorId: '', heldOn: '2026-06-01', hours: 1, kind: 'SUPERVISION' } },
  'Mutation.scheduleSession': { input: { kind: 'DOSING', startsAt: AT, expectedMinutes: 180, location: 'IN_CLINIC', participantIds: [''], supervisorId: '' } },
  // The audit review refuses a range that ends before it starts.
  'Query.auditEvents': { filter: { actorId: '', patientId: '', from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' } },
  'Query.patientAccessReport': { patientId: '', from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' },
};
/** A page argument is a first page (mutation-walk's fitting `after` is not a cursor). */
const FIRST_PAGE = { first: 5 };

/** An empty page or list: what a list scoped by an id that is not yours answers. */
function emptiness(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && value !== null && Object.values(value).every((inner) => inner === 0 || (Array.isArray(inner) && inner.length === 0));
}

/** The record kind an id input at `idPath` of `call` points at; unknown inputs fail the sweep. */
function kindOf(schema: GraphQLSchema, call: string, idPath: string): RecordKind {
  const name = idPath.split('.').filter((part) => !/^\d+$/.test(part)).pop() ?? '';
  if (name !== 'id') {
    const kind = BY_NAME[name];
    if (!kind) throw new Error(`${call}: map the id input "${idPath}" to a record kind in idor-sweep BY_NAME`);
    return kind;
  }
  const exception = ID_EXCEPTIONS[call];
  if (exception) return exception;
  const [root, field] = call.split('.');
  const type = (root === 'Query' ? schema.getQueryType() : schema.getMutationType())?.getFields()[field ?? '']?.type;
  const kind = type ? BY_RETURN_TYPE[getNamedType(type).name] : undefined;
  if (!kind) throw new Error(`${call}: map its "id" argument to a record kind in idor-sweep ID_EXCEPTIONS`);
  return kind;
}

describe('IDOR sweep: another clinic\'s ids are NOT_FOUND everywhere (or refused by role alone), and write nothing', () => {
  const clock = new ManualClock(new Date('2026-06-15T12:00:00Z'));
  let app: TestGateway;
  let schema: GraphQLSchema;
  let a: ClinicRecords;
  let b: ClinicRecords;
  let superuser: Client;

  beforeAll(async () => {
    app = await startTestGateway({ clock, webhooksAllowPrivateNetworks: true, rateLimits: { apiKeyCostPerMinute: 1_000_000, userCostPerMinute: 1_000_000, tenantKeysCostPerMinute: 10_000_000 } });
    schema = await buildGatewaySchema();
    a = await createClinicRecords(app, clock, 'idor-a');
    b = await createClinicRecords(app, clock, 'idor-b');
    superuser = await superuserOf(app);
  }, 180_000);

  afterAll(async () => {
    await superuser.end();
    await app.stop();
  });

  it('sweeps every field of the built schema that takes an id, and maps every id input', () => {
    expect(idCallsOf(schema).map((call) => call.name).sort()).toEqual(COMMITTED.map((call) => call.name).sort());
    expect(COMMITTED.length).toBeGreaterThan(40);
    for (const call of COMMITTED) for (const idPath of call.idPaths) expect(kindOf(schema, call.name, idPath)).toBeTruthy();
  });

  const callers: [string, (records: ClinicRecords) => Pick<Member, 'accessToken'>][] = [
    ['admin', (records) => records.team.clinic.admin],
    ['prescriber', (records) => records.team.prescriber],
    ['therapist', (records) => records.team.therapist],
    ['nurse', (records) => records.team.nurse],
    ['webhooks partner key', (records) => ({ accessToken: records.webhooksKey })],
  ];
  /** Per operation, what each caller was answered with B's ids. */
  const answered = new Map<string, string[]>();

  /** Status, data and errors' extensions (messages may quote the id sent, so they are left out). */
  async function answerOf(call: IdCall, caller: Pick<Member, 'accessToken'>, idOf: (kind: RecordKind) => string) {
    const fitting = { ...call.variables, ...('page' in call.variables ? { page: FIRST_PAGE } : {}), ...REALISTIC[call.name] };
    const variables = withIds(fitting, call.idPaths, (idPath) => idOf(kindOf(schema, call.name, idPath)));
    const answer = await gql(app, call.query, variables, caller.accessToken);
    return { status: answer.status, data: answer.body.data ?? null, errors: answer.body.errors?.map((error) => error.extensions) ?? [] };
  }

  describe.each(callers)("as clinic A's %s", (role, callerOf) => {
    it.each(COMMITTED.map((call) => [call.name, call] as const))("%s: clinic B's ids answer as ids that exist nowhere, and write nothing", async (name, call) => {
      // The audit trail records refused attempts (DENIED), and nothing else may change.
      const before = await everyRow(superuser, { refusalsAudited: true });
      const foreign = await answerOf(call, callerOf(a), (kind) => b.ids[kind]);
      const nowhere = await answerOf(call, callerOf(a), () => newId());
      expect(await everyRow(superuser, { refusalsAudited: true })).toEqual(before);
      // Indistinguishable: B's record is, for A, an id that does not exist.
      expect(foreign).toEqual(nowhere);
      const codes = foreign.errors.map((extensions) => extensions?.code);
      if (codes.length === 0) {
        // A list scoped by the id: empty, as for an id that exists nowhere.
        expect(Object.values(foreign.data ?? {}).map(emptiness)).toEqual([true]);
        answered.set(name, [...(answered.get(name) ?? []), `${role}: EMPTY`]);
      } else {
        // NOT_FOUND, or FORBIDDEN when the caller's role may not do this to any record at all.
        expect([foreign.data, foreign.errors]).toEqual([null, [expect.objectContaining({ code: expect.stringMatching(/^(NOT_FOUND|FORBIDDEN)$/) as unknown })]]);
        answered.set(name, [...(answered.get(name) ?? []), `${role}: ${String(codes[0])}`]);
      }
    });
  });

  // Reads what the sweep above recorded: run with the whole file.
  it('reached the lookup of every operation: NOT_FOUND (or an empty list filter) for at least one caller', () => {
    const unreached = COMMITTED.map((call) => call.name).filter((name) => !(answered.get(name) ?? []).some((answer) => /NOT_FOUND|EMPTY/.test(answer)));
    expect(unreached.map((name) => [name, answered.get(name)])).toEqual([]);
  });
});
