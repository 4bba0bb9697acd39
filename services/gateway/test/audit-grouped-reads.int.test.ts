import { sealAll } from '@tandem/audit';
import { ManualClock } from '@tandem/core';
import { addMember, createClinic, gql } from './support/clinic-fixture';
import type { Clinic, Member } from './support/clinic-fixture';
import { assign, openCase, registerPatient } from './support/case-fixture';
import { ownerQuery, startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

const WRITE = `mutation W($c: ID!, $i: WriteNoteInput!) { writeNote(caseId: $c, input: $i) { id version } }`;
const SIGN = `mutation S($id: ID!, $v: Int!) { signNote(id: $id, version: $v) { status } }`;
const RECORDS = 'records { subjectId caseId patientId }';
const REPORT = `query A($p: ID!) { patientAccessReport(patientId: $p, page: { first: 100 }) { edges { node { id action subjectType subjectId patientId ${RECORDS} } } } }`;
const EVENTS = `query E($f: AuditFilterInput) { auditEvents(filter: $f, page: { first: 100 }) { edges { node { id subjectType subjectId caseId patientId fields ${RECORDS} } } } }`;

interface EventRow {
  id: string;
  subject_type: string;
  subject_id: string | null;
  case_id: string | null;
  patient_id: string | null;
  subject_ids: string[] | null;
  case_ids: (string | null)[] | null;
  patient_ids: string[] | null;
  fields: string[];
}

interface EventNode {
  id: string;
  subjectType: string;
  subjectId: string | null;
  caseId: string | null;
  patientId: string | null;
  records: { subjectId: string | null; caseId: string | null; patientId: string | null }[];
}

describe("grouped reads: one event per subject type and fields in a request, naming every record (through HTTP)", () => {
  const clock = new ManualClock(new Date('2026-06-20T12:00:00Z'));
  let app: TestGateway;
  let clinic: Clinic;
  let prescriber: Member;
  const patientIds: string[] = [];
  /** Not found by the search for "Grouped"; a phone number on record, so a read of them names one more field. */
  let withPhone: string;
  let caseId: string;
  const noteIds: string[] = [];

  beforeAll(async () => {
    app = await startTestGateway({ clock });
    clinic = await createClinic(app, clock, 'grouped');
    prescriber = await addMember(app, clinic, ['PRESCRIBER']);
    for (const familyName of ['Grouped-A', 'Grouped-B', 'Grouped-C']) patientIds.push(await registerPatient(app, clinic.admin.accessToken, { familyName }));
    withPhone = await registerPatient(app, clinic.admin.accessToken, { familyName: 'Other', phone: '+1 555 0100' });
    caseId = await openCase(app, clinic.admin.accessToken, patientIds[0]);
    await assign(app, clinic.admin.accessToken, caseId, prescriber.membershipId, 'PRESCRIBER_OF_RECORD');
    for (const body of ['Set intentions.', 'Dosed without event.', 'Integration planned.']) {
      const draft = (await gql(app, WRITE, { c: caseId, i: { kind: 'PROGRESS', visibility: 'CARE_TEAM', body } }, prescriber.accessToken)).body.data?.writeNote;
      await gql(app, SIGN, { id: draft.id, v: draft.version }, prescriber.accessToken);
      noteIds.push(draft.id as string);
    }
  });

  afterAll(async () => {
    await app.stop();
  });

  /** The read events of the request that answered with this request id. */
  const readsOf = async (requestId: string) =>
    ownerQuery<EventRow>(app, `SELECT * FROM audit_event WHERE tenant_id = $1 AND request_id = $2 AND action = 'read' ORDER BY subject_type, id`, [clinic.id, requestId]);

  const read = async (query: string, variables: Record<string, unknown>, token: string) => {
    const response = await gql(app, query, variables, token);
    expect(response.body.errors).toBeUndefined();
    return { data: response.body.data, events: await readsOf(response.headers.get('x-request-id') as string) };
  };

  it("records a page of several patients' records as one event listing each record with its patient", async () => {
    const { data, events } = await read(`{ patients(search: "Grouped", page: { first: 10 }) { edges { node { id givenName } } } }`, {}, prescriber.accessToken);
    const listed = (data?.patients.edges as { node: { id: string } }[]).map((edge) => edge.node.id);
    expect([...listed].sort()).toEqual([...patientIds].sort());
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ subject_type: 'Patient', subject_id: null, case_id: null, patient_id: null, subject_ids: listed, patient_ids: listed, case_ids: [null, null, null] });
    expect(events[0]?.fields).toEqual(['mrn', 'givenName', 'familyName', 'dateOfBirth', 'sex']);
  });

  it("records a case's page of notes as one event that keeps the case and patient they share", async () => {
    const { events } = await read(`query N($c: ID!) { caseNotes(caseId: $c, page: { first: 10 }) { edges { node { id body } } } }`, { c: caseId }, prescriber.accessToken);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ subject_type: 'Note', subject_id: null, case_id: caseId, patient_id: patientIds[0], patient_ids: [patientIds[0], patientIds[0], patientIds[0]] });
    expect([...(events[0]?.subject_ids ?? [])].sort()).toEqual([...noteIds].sort());
  });

  it('keeps apart reads with different fields, and names a record read twice once', async () => {
    const [first] = patientIds;
    const differing = await read(`query D($a: ID!, $b: ID!) { a: patient(id: $a) { givenName } b: patient(id: $b) { givenName } }`, { a: first, b: withPhone }, prescriber.accessToken);
    expect(differing.events.map((event) => [event.subject_id, event.fields.includes('phone'), event.subject_ids])).toEqual(
      expect.arrayContaining([
        [first, false, null],
        [withPhone, true, null],
      ]),
    );
    expect(differing.events).toHaveLength(2);
    const twice = await read(`query T($a: ID!) { a: patient(id: $a) { givenName } b: patient(id: $a) { givenName } }`, { a: first }, prescriber.accessToken);
    expect(twice.events).toMatchObject([{ subject_id: first, patient_id: first, subject_ids: null, patient_ids: null, case_ids: null }]);
    // An event of one patient's records is found by its patient_id: nothing in the lookup table.
    const ids = [...differing.events, ...twice.events].map((event) => event.id);
    expect(await ownerQuery(app, `SELECT 1 FROM audit_event_patient WHERE event_ids && $1::uuid[]`, [ids])).toEqual([]);
  });

  it("names, of a case's patient, the fields the operation asked, each way it asked them", async () => {
    const patientEvents = (events: EventRow[]) => events.filter((event) => event.subject_type === 'Patient').map((event) => [event.subject_id, event.fields]);
    const one = await read(`query C($c: ID!) { case(id: $c) { patient { mrn } } }`, { c: caseId }, prescriber.accessToken);
    expect(one.data?.case.patient).toEqual({ mrn: expect.any(String) });
    expect(patientEvents(one.events)).toEqual([[patientIds[0], ['mrn']]]);
    const two = await read(`query C($c: ID!) { a: case(id: $c) { patient { mrn } } b: case(id: $c) { patient { ... on Patient { familyName } sex } } }`, { c: caseId }, prescriber.accessToken);
    expect(two.data?.b.patient).toEqual({ familyName: 'Grouped-A', sex: expect.any(String) });
    expect(patientEvents(two.events)).toEqual(
      expect.arrayContaining([
        [patientIds[0], ['mrn']],
        [patientIds[0], ['familyName', 'sex']],
      ]),
    );
    expect(two.events.filter((event) => event.subject_type === 'Patient')).toHaveLength(2);
  });

  /** The access report's events of this patient that have this id (an event listed twice would show twice). */
  const reportedAs = async (patientId: string, eventId: string | undefined) => {
    const report = await gql(app, REPORT, { p: patientId }, clinic.admin.accessToken);
    expect(report.body.errors).toBeUndefined();
    return (report.body.data?.patientAccessReport.edges as { node: EventNode }[]).map((edge) => edge.node).filter((event) => event.id === eventId);
  };

  const lookupRowsOf = (eventId: string | undefined) =>
    ownerQuery<{ patient_id: string; event_ids: string[] }>(app, `SELECT patient_id, event_ids FROM audit_event_patient WHERE tenant_id = $1 AND $2 = ANY(event_ids)`, [clinic.id, eventId]);

  it("finds a grouped read in each of its patients' access reports, and by the patient filter, with every record, before and after it is sealed", async () => {
    const grouped = (await ownerQuery<{ id: string }>(app, `SELECT id FROM audit_event WHERE tenant_id = $1 AND subject_type = 'Patient' AND cardinality(subject_ids) = 3`, [clinic.id]))[0];
    const findEverywhere = async () => {
      for (const patientId of patientIds) {
        const found = await reportedAs(patientId, grouped?.id);
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({ subjectType: 'Patient', subjectId: null, patientId: null });
        expect(found[0]?.records.map((record) => record.patientId).sort()).toEqual([...patientIds].sort());
        expect(found[0]?.records.find((record) => record.patientId === patientId)).toEqual({ subjectId: patientId, caseId: null, patientId });
      }
      const filtered = await gql(app, EVENTS, { f: { patientId: patientIds[2], action: 'read' } }, clinic.admin.accessToken);
      const nodes = (filtered.body.data?.auditEvents.edges as { node: EventNode }[]).map((edge) => edge.node);
      expect(nodes.map((node) => node.id)).toContain(grouped?.id);
      expect(nodes.every((node) => node.records.some((record) => record.patientId === patientIds[2]))).toBe(true);
    };
    // Found by its own patient_ids, sealed or not; neither the request nor the seal writes lookup rows (migration 1767100000000).
    await findEverywhere();
    await sealAll(app.db, clock);
    expect(await ownerQuery(app, `SELECT 1 FROM audit_seal WHERE event_id = $1`, [grouped?.id])).toHaveLength(1);
    expect(await lookupRowsOf(grouped?.id)).toEqual([]);
    await findEverywhere();
    // The previous releases' lookup table stays for a release, unwritten; the runtime role may not change it.
    await expect(app.db.withTenant({ tenantId: clinic.id }, (m) => m.query(`DELETE FROM audit_event_patient`))).rejects.toThrow(/permission denied/);
    await expect(app.db.withTenant({ tenantId: clinic.id }, (m) => m.query(`UPDATE audit_event_patient SET patient_id = tenant_id`))).rejects.toThrow(/permission denied/);
  });

  it('lists an event once when a lookup row of a previous release also lists it, and seals it all the same', async () => {
    const { events } = await read(`{ patients(search: "Grouped", page: { first: 10 }) { edges { node { id givenName } } } }`, {}, prescriber.accessToken);
    const eventId = events[0]?.id;
    // What a gateway of an earlier release appended with the event (migration 1766700000000's rolling deploy); the review no longer reads it.
    await ownerQuery(app, `INSERT INTO audit_event_patient (tenant_id, patient_id, occurred_at, event_ids) SELECT tenant_id, unnest(patient_ids), occurred_at, ARRAY[id] FROM audit_event WHERE id = $1`, [eventId]);
    await sealAll(app.db, clock);
    expect(await ownerQuery(app, `SELECT seq FROM audit_seal WHERE event_id = $1`, [eventId])).toHaveLength(1);
    const lookup = await lookupRowsOf(eventId);
    expect(lookup.map((row) => row.patient_id).sort()).toEqual([...patientIds].sort());
    for (const patientId of patientIds) expect(await reportedAs(patientId, eventId)).toHaveLength(1);
  });

  it('finds, once sealed, each of two grouped reads of a patient in the same millisecond sealed by different batches', async () => {
    // The clock stands still: both requests read the patients at the same instant, and the
    // review's keyset (time, id) tells them apart.
    const first = (await read(`{ patients(search: "Grouped", page: { first: 10 }) { edges { node { id familyName } } } }`, {}, prescriber.accessToken)).events[0]?.id;
    await sealAll(app.db, clock);
    const second = (await read(`{ patients(search: "Grouped", page: { first: 10 }) { edges { node { id familyName } } } }`, {}, clinic.admin.accessToken)).events[0]?.id;
    await sealAll(app.db, clock);
    expect(await ownerQuery(app, `SELECT 1 FROM audit_unsealed WHERE event_id = ANY($1::uuid[])`, [[first, second]])).toEqual([]);
    for (const patientId of patientIds) {
      expect(await reportedAs(patientId, first)).toHaveLength(1);
      expect(await reportedAs(patientId, second)).toHaveLength(1);
    }
  });

  it("finds each of a request's grouped events of a patient by the patient filter, once", async () => {
    const lookupPatients = [await registerPatient(app, clinic.admin.accessToken, { familyName: 'Lookup-A' }), await registerPatient(app, clinic.admin.accessToken, { familyName: 'Lookup-B' })];
    for (const patientId of lookupPatients) await assign(app, clinic.admin.accessToken, await openCase(app, clinic.admin.accessToken, patientId), prescriber.membershipId, 'PRESCRIBER_OF_RECORD');
    const response = await gql(app, `{ cases(page: { first: 50 }) { edges { node { id indication patient { id givenName } } } } }`, {}, prescriber.accessToken);
    expect(response.body.errors).toBeUndefined();
    const events = await readsOf(response.headers.get('x-request-id') as string);
    const grouped = events.filter((event) => event.subject_ids !== null).map((event) => event.id);
    expect(events.map((event) => event.subject_type).sort()).toEqual(['Case', 'Patient']);
    expect(grouped).toHaveLength(2);
    await sealAll(app.db, clock);
    for (const patientId of lookupPatients) {
      const filtered = await gql(app, EVENTS, { f: { patientId, action: 'read' } }, clinic.admin.accessToken);
      const found = (filtered.body.data?.auditEvents.edges as { node: EventNode }[]).map((edge) => edge.node.id);
      expect(found).toEqual(expect.arrayContaining(grouped));
      expect(new Set(found).size).toBe(found.length);
    }
  });

  it("pages a patient's events newest first across single and grouped events, each once", async () => {
    const PAGE = `query P($f: AuditFilterInput, $after: String) { auditEvents(filter: $f, page: { first: 1, after: $after }) { edges { node { id subjectType } } pageInfo { hasNextPage endCursor } } }`;
    const filter = { patientId: patientIds[0] };
    // One grouped event of this patient still unsealed, beside the sealed ones and the single ones.
    await read(`{ patients(search: "Grouped", page: { first: 10 }) { edges { node { id mrn } } } }`, {}, prescriber.accessToken);
    const all = await gql(app, EVENTS, { f: filter }, clinic.admin.accessToken);
    // Each page is itself audited, with this patient as its patient: compare the other events.
    const expected = (all.body.data?.auditEvents.edges as { node: EventNode }[]).map((edge) => edge.node).filter((node) => node.subjectType !== 'AuditLog');
    expect(expected.some((node) => node.patientId === null)).toBe(true);
    expect(expected.some((node) => node.patientId === patientIds[0])).toBe(true);
    const paged: string[] = [];
    let after: string | null = null;
    do {
      const response = await gql(app, PAGE, { f: filter, after }, clinic.admin.accessToken);
      const connection = response.body.data?.auditEvents as { edges: { node: { id: string; subjectType: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
      paged.push(...connection.edges.filter((edge) => edge.node.subjectType !== 'AuditLog').map((edge) => edge.node.id));
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    } while (after && paged.length <= expected.length);
    expect(paged).toEqual(expected.map((node) => node.id));
  });

  it('lists a one-record event as one record, and keeps the case and patient of a grouped page of one case', async () => {
    const events = await gql(app, EVENTS, { f: { subjectType: 'Note', action: 'read' } }, clinic.admin.accessToken);
    const nodes = (events.body.data?.auditEvents.edges as { node: EventNode }[]).map((edge) => edge.node);
    const page = nodes.find((node) => node.records.length === 3);
    expect(page).toMatchObject({ subjectId: null, caseId, patientId: patientIds[0] });
    expect(page?.records.every((record) => record.caseId === caseId && record.patientId === patientIds[0])).toBe(true);
    const writes = await gql(app, EVENTS, { f: { subjectType: 'Note', action: 'create' } }, clinic.admin.accessToken);
    for (const { node } of writes.body.data?.auditEvents.edges as { node: EventNode }[]) {
      expect(node.records).toEqual([{ subjectId: node.subjectId, caseId: node.caseId, patientId: node.patientId }]);
    }
    expect(writes.body.data?.auditEvents.edges).toHaveLength(3);
  });

  it('refuses, in the database, a grouped event whose lists are not aligned or that also names one subject', async () => {
    const [a, b] = patientIds;
    const insert = (columns: string) =>
      ownerQuery(
        app,
        `INSERT INTO audit_event (tenant_id, id, occurred_at, actor_kind, action, subject_type, outcome, request_id, subject_id, subject_ids, case_ids, patient_ids)
         VALUES ($1, gen_random_uuid(), now(), 'system', 'read', 'Patient', 'ALLOWED', 'forged', ${columns})`,
        [clinic.id],
      );
    await expect(insert(`NULL, ARRAY['${a}', '${b}']::uuid[], ARRAY[NULL, NULL]::uuid[], ARRAY['${a}']::uuid[]`)).rejects.toThrow(/audit_event_group_whole/);
    await expect(insert(`'${a}', ARRAY['${a}', '${b}']::uuid[], ARRAY[NULL, NULL]::uuid[], ARRAY['${a}', '${b}']::uuid[]`)).rejects.toThrow(/audit_event_group_whole/);
    await expect(insert(`NULL, ARRAY['${a}']::uuid[], ARRAY[NULL]::uuid[], ARRAY['${a}']::uuid[]`)).rejects.toThrow(/audit_event_group_whole/);
  });

  it('keeps a page of 60 records in the event\'s own row: nothing written to TOAST (migration 1766600000000)', async () => {
    const inline: string[] = [];
    for (let i = 0; i < 60; i++) inline.push(await registerPatient(app, clinic.admin.accessToken, { familyName: `Inline-${i}` }));
    const [{ toast }] = await ownerQuery<{ toast: string }>(app, `SELECT reltoastrelid::regclass::text AS toast FROM pg_class WHERE oid = 'audit_event'::regclass`, []);
    const chunks = async () => Number((await ownerQuery<{ n: string }>(app, `SELECT count(*) AS n FROM ${toast}`, []))[0]?.n);
    const before = await chunks();
    const { events } = await read(`{ patients(search: "Inline", page: { first: 100 }) { edges { node { id } } } }`, {}, prescriber.accessToken);
    // Three lists of 60 ids, about 3 kB: past the 2 kB at which a row went to the toaster before.
    expect(events).toHaveLength(1);
    expect([...(events[0]?.subject_ids ?? [])].sort()).toEqual([...inline].sort());
    expect(await chunks()).toBe(before);
  });

  it("gathers no statistics on the trail's id lists, hashes and request context, and still on the columns plans use (migrations 1767000000000, 1767200000000)", async () => {
    await read(`{ patients(search: "Grouped", page: { first: 10 }) { edges { node { id } } } }`, {}, prescriber.accessToken);
    await sealAll(app.db, clock);
    await ownerQuery(app, `ANALYZE audit_event, audit_seal`, []);
    const gathered = await ownerQuery<{ column: string }>(
      app,
      `SELECT tablename || '.' || attname AS column FROM pg_stats WHERE tablename IN ('audit_event', 'audit_seal') ORDER BY 1`,
      [],
    );
    const columns = gathered.map((row) => row.column);
    const requestContext = ['request_id', 'ip', 'user_agent', 'fields', 'acting_roles'].map((column) => `audit_event.${column}`);
    for (const unfiltered of ['audit_event.subject_ids', 'audit_event.case_ids', 'audit_event.patient_ids', 'audit_seal.prev_hash', 'audit_seal.hash', ...requestContext]) {
      expect(columns).not.toContain(unfiltered);
    }
    expect(columns).toEqual(expect.arrayContaining(['audit_event.occurred_at', 'audit_event.patient_id', 'audit_event.actor_id', 'audit_event.subject_type', 'audit_seal.seq']));
  });
});
