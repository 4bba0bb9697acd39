import { ManualClock } from '@tandem/core';
import { addMember, codeOf, createClinic, fieldOf, gql } from './support/clinic-fixture';
import type { Clinic, Member } from './support/clinic-fixture';
import { assign, openCase, registerPatient } from './support/case-fixture';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

const REGISTER = `mutation R($input: RegisterPatientInput!, $key: String) { registerPatient(input: $input, idempotencyKey: $key) { id mrn } }`;
const OPEN = `mutation O($input: OpenCaseInput!, $key: String) { openCase(input: $input, idempotencyKey: $key) { id status indication openedAt careTeam { id } } }`;

describe('idempotent create-mutations (through HTTP)', () => {
  const clock = new ManualClock(new Date('2026-06-15T12:00:00Z'));
  let app: TestGateway;
  let clinic: Clinic;
  let other: Clinic;
  let staff: Member;
  let colleague: Member;
  let otherStaff: Member;
  let therapist: Member;
  let teamCaseId: string;
  let n = 0;

  beforeAll(async () => {
    app = await startTestGateway({ clock });
    clinic = await createClinic(app, clock, 'idem');
    other = await createClinic(app, clock, 'idem-other');
    staff = await addMember(app, clinic, ['STAFF']);
    colleague = await addMember(app, clinic, ['STAFF']);
    otherStaff = await addMember(app, other, ['STAFF']);
    therapist = await addMember(app, clinic, ['THERAPIST']);
    teamCaseId = await openCase(app, clinic.admin.accessToken, await registerPatient(app, clinic.admin.accessToken));
    await assign(app, clinic.admin.accessToken, teamCaseId, therapist.membershipId, 'LEAD_THERAPIST');
  });

  afterAll(async () => {
    await app.stop();
  });

  const count = async (table: string, tenantId = clinic.id) =>
    (await app.db.asSystem('test-fixture', (m) => m.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`, [tenantId])))[0]?.n;
  const patient = (overrides: Record<string, unknown> = {}) => {
    n += 1;
    return { mrn: `IDEM-${n}`, givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '1980-01-01', sex: 'FEMALE', ...overrides };
  };
  const key = () => `key-${n}-${Math.random().toString(36).slice(2)}`;

  it('answers a retry with the same key and input with the first result, writing one row', async () => {
    const input = patient();
    const k = key();
    const before = await count('patient');
    const first = await gql(app, REGISTER, { input, key: k }, staff.accessToken);
    // The same input with its fields in another order is the same input.
    const reordered = Object.fromEntries(Object.entries(input).reverse());
    const second = await gql(app, REGISTER, { input: reordered, key: k }, staff.accessToken);
    expect(first.body.errors).toBeUndefined();
    expect(second.body).toEqual(first.body);
    expect(await count('patient')).toBe(before + 1);
  });

  it('refuses the same key with another input as CONFLICT and writes nothing', async () => {
    const k = key();
    await gql(app, REGISTER, { input: patient(), key: k }, staff.accessToken);
    const before = await count('patient');
    const response = await gql(app, REGISTER, { input: patient(), key: k }, staff.accessToken);
    expect([codeOf(response), fieldOf(response)]).toEqual(['CONFLICT', 'idempotencyKey']);
    expect(response.body.data?.registerPatient ?? null).toBeNull();
    expect(await count('patient')).toBe(before);
  });

  it('executes concurrent retries once', async () => {
    const input = patient();
    const k = key();
    const before = await count('patient');
    const responses = await Promise.all([1, 2, 3, 4].map(() => gql(app, REGISTER, { input, key: k }, staff.accessToken)));
    const ids = new Set(responses.map((r) => r.body.data?.registerPatient?.id as string | undefined));
    expect(responses.map((r) => r.body.errors)).toEqual([undefined, undefined, undefined, undefined]);
    expect(ids.size).toBe(1);
    expect(await count('patient')).toBe(before + 1);
  });

  it('keeps keys apart per person and per clinic', async () => {
    const k = key();
    const before = [await count('patient'), await count('patient', other.id)];
    const mine = await gql(app, REGISTER, { input: patient(), key: k }, staff.accessToken);
    const colleagues = await gql(app, REGISTER, { input: patient(), key: k }, colleague.accessToken);
    const elsewhere = await gql(app, REGISTER, { input: patient(), key: k }, otherStaff.accessToken);
    for (const response of [mine, colleagues, elsewhere]) expect(response.body.errors).toBeUndefined();
    expect(new Set([mine, colleagues, elsewhere].map((r) => r.body.data?.registerPatient?.id)).size).toBe(3);
    expect([await count('patient'), await count('patient', other.id)]).toEqual([before[0] + 2, before[1] + 1]);
  });

  it('lets a failed attempt be retried with the same key', async () => {
    const k = key();
    const refused = await gql(app, REGISTER, { input: patient({ dateOfBirth: '2030-01-01' }), key: k }, staff.accessToken);
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    const retried = await gql(app, REGISTER, { input: patient(), key: k }, staff.accessToken);
    expect(retried.body.errors).toBeUndefined();
  });

  it.each(['', 'x'.repeat(101), 'has space', 'dot.ted', 'ünï'])('refuses the key %j as BAD_USER_INPUT and writes nothing', async (bad) => {
    const before = await count('patient');
    const response = await gql(app, REGISTER, { input: patient(), key: bad }, staff.accessToken);
    expect([codeOf(response), fieldOf(response)]).toEqual(['BAD_USER_INPUT', 'idempotencyKey']);
    expect(await count('patient')).toBe(before);
  });

  it('works without a key as before', async () => {
    const before = await count('patient');
    const input = patient();
    await gql(app, REGISTER, { input: { ...input, mrn: `${input.mrn}-a` } }, staff.accessToken);
    await gql(app, REGISTER, { input: { ...input, mrn: `${input.mrn}-b` } }, staff.accessToken);
    expect(await count('patient')).toBe(before + 2);
  });

  it('replays a nested result with its dates (openCase)', async () => {
    const patientId = await registerPatient(app, staff.accessToken);
    const k = key();
    const before = await count('clinical_case');
    const first = await gql(app, OPEN, { input: { patientId, indication: 'TRD' }, key: k }, staff.accessToken);
    clock.advance(60_000);
    const second = await gql(app, OPEN, { input: { patientId, indication: 'TRD' }, key: k }, staff.accessToken);
    expect(first.body.errors).toBeUndefined();
    expect(second.body).toEqual(first.body);
    expect(typeof first.body.data?.openCase?.openedAt).toBe('string');
    expect(await count('clinical_case')).toBe(before + 1);
  });

  // Every create-mutation that declares @IdempotencyKey: replay on the same input, CONFLICT on another.
  const CREATES: [string, string, string, (variant: number) => Record<string, unknown>][] = [
    [
      'createFollowUp',
      'follow_up',
      'mutation C($c: ID!, $i: FollowUpInputType!, $key: String) { createFollowUp(caseId: $c, input: $i, idempotencyKey: $key) { id } }',
      (v) => ({ c: teamCaseId, i: { kind: 'CUSTOM', title: `Call back ${v}`, assigneeId: therapist.membershipId, dueAt: '2026-06-20T12:00:00Z' } }),
    ],
    [
      'scheduleSession',
      'treatment_session',
      'mutation S($c: ID!, $i: ScheduleSessionInput!, $key: String) { scheduleSession(caseId: $c, input: $i, idempotencyKey: $key) { id } }',
      (v) => ({ c: teamCaseId, i: { kind: 'INTEGRATION', startsAt: `2030-01-0${v}T10:00:00Z`, expectedMinutes: 60, location: 'TELEHEALTH', participantIds: [therapist.membershipId] } }),
    ],
    [
      'recordMeasure',
      'measure_response',
      'mutation M($c: ID!, $i: RecordMeasureInput!, $key: String) { recordMeasure(caseId: $c, input: $i, idempotencyKey: $key) { id total } }',
      (v) => ({ c: teamCaseId, i: { instrument: 'GAD7', answers: [v, 1, 0, 1, 0, 1, 0] } }),
    ],
    [
      'writeNote',
      'case_note',
      'mutation W($c: ID!, $i: WriteNoteInput!, $key: String) { writeNote(caseId: $c, input: $i, idempotencyKey: $key) { id version } }',
      (v) => ({ c: teamCaseId, i: { kind: 'PROGRESS', visibility: 'CARE_TEAM', body: `Check-in ${v}` } }),
    ],
  ];

  it.each(CREATES)('%s: a retry returns the first result and writes one row; another input is a CONFLICT', async (field, table, mutation, variables) => {
    const k = key();
    const before = await count(table);
    const first = await gql(app, mutation, { ...variables(1), key: k }, therapist.accessToken);
    const retry = await gql(app, mutation, { ...variables(1), key: k }, therapist.accessToken);
    const changed = await gql(app, mutation, { ...variables(2), key: k }, therapist.accessToken);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data?.[field]?.id).toEqual(expect.any(String));
    expect(retry.body).toEqual(first.body);
    expect([codeOf(changed), fieldOf(changed)]).toEqual(['CONFLICT', 'idempotencyKey']);
    expect(await count(table)).toBe(before + 1);
  });
});
