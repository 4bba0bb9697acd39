import { ManualClock } from '@tandem/core';
import { addMember, codeOf, createClinic, fieldOf, gql } from './support/clinic-fixture';
import type { Clinic, Member } from './support/clinic-fixture';
import { assign, openCase, registerPatient } from './support/case-fixture';
import { ownerQuery, startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

const WRITE = `mutation W($c: ID!, $i: WriteNoteInput!) { writeNote(caseId: $c, input: $i) { id version } }`;
const SIGN = `mutation S($id: ID!, $v: Int!) { signNote(id: $id, version: $v) { status } }`;
const READ_NOTE = `query R($id: ID!) { note(id: $id) { body } }`;
const EVENTS = `query E($f: AuditFilterInput, $first: Int!, $after: String) {
  auditEvents(filter: $f, page: { first: $first, after: $after }) {
    edges { cursor node { id occurredAt actorId actingRoles action subjectType subjectId patientId fields outcome emergency } }
    pageInfo { hasNextPage endCursor } count
  }
}`;
const REPORT = `query A($p: ID!, $from: DateTimeISO, $to: DateTimeISO) {
  patientAccessReport(patientId: $p, from: $from, to: $to, page: { first: 100 }) { edges { node { actorId action subjectType outcome } } }
}`;
const EXPORT = `query X($from: DateTimeISO!, $to: DateTimeISO!) { auditExport(from: $from, to: $to) }`;

interface Node {
  id: string;
  actorId: string;
  actingRoles: string[];
  action: string;
  subjectType: string;
  subjectId: string | null;
  patientId: string;
  fields: string[];
  outcome: string;
  emergency: boolean;
}

describe('reviewing the audit trail (clinic admins, through HTTP)', () => {
  const clock = new ManualClock(new Date('2026-05-10T12:00:00Z'));
  let app: TestGateway;
  let clinic: Clinic;
  let prescriber: Member;
  let therapist: Member;
  let outsider: Member;
  let patientId: string;
  let caseId: string;
  const noteIds: string[] = [];

  beforeAll(async () => {
    app = await startTestGateway({ clock });
    clinic = await createClinic(app, clock, 'review');
    [prescriber, therapist, outsider] = [await addMember(app, clinic, ['PRESCRIBER']), await addMember(app, clinic, ['THERAPIST']), await addMember(app, clinic, ['NURSE'])];
    patientId = await registerPatient(app, clinic.admin.accessToken);
    caseId = await openCase(app, clinic.admin.accessToken, patientId);
    await assign(app, clinic.admin.accessToken, caseId, prescriber.membershipId, 'PRESCRIBER_OF_RECORD');
    await assign(app, clinic.admin.accessToken, caseId, therapist.membershipId, 'LEAD_THERAPIST');
    for (const body of ['Intentions set.', 'Integration going well.', 'Sleep improved.']) {
      const draft = (await gql(app, WRITE, { c: caseId, i: { kind: 'PROGRESS', visibility: 'CARE_TEAM', body } }, prescriber.accessToken)).body.data?.writeNote;
      await gql(app, SIGN, { id: draft.id, v: draft.version }, prescriber.accessToken);
      noteIds.push(draft.id as string);
    }
    // Last month: the therapist reads each note; a nurse off the team is refused one.
    for (const id of noteIds) await gql(app, READ_NOTE, { id }, therapist.accessToken);
    await gql(app, READ_NOTE, { id: noteIds[0] }, outsider.accessToken);
  });

  afterAll(async () => {
    await app.stop();
  });

  const events = async (filter: Record<string, unknown>, first = 100, after?: string) => gql(app, EVENTS, { f: filter, first, after }, clinic.admin.accessToken);
  const nodesOf = (response: Awaited<ReturnType<typeof events>>) => (response.body.data?.auditEvents.edges as { node: Node }[]).map((edge) => edge.node);

  it("answers who looked at this patient's notes last month, and as what, in one query", async () => {
    const response = await events({ patientId, subjectType: 'Note', action: 'read', from: '2026-05-01T00:00:00Z', to: '2026-06-01T00:00:00Z' });
    const nodes = nodesOf(response);
    expect(nodes).toHaveLength(4);
    const allowed = nodes.filter((node) => node.outcome === 'ALLOWED');
    expect(allowed.map((node) => node.subjectId).sort()).toEqual([...noteIds].sort());
    expect(new Set(allowed.map((node) => node.actorId))).toEqual(new Set([therapist.userId]));
    expect(allowed[0]).toMatchObject({ actingRoles: ['THERAPIST'], emergency: false, patientId });
    expect(allowed[0]?.fields).toContain('body');
    expect(nodes.filter((node) => node.outcome === 'DENIED').map((node) => node.actorId)).toEqual([outsider.userId]);
    expect(nodesOf(await events({ patientId, subjectType: 'Note', action: 'read', from: '2026-06-01T00:00:00Z' }))).toEqual([]);
  });

  it('filters by actor, denied only and emergency only', async () => {
    expect(nodesOf(await events({ actorId: outsider.userId })).map((node) => node.outcome)).toEqual(['DENIED']);
    expect(nodesOf(await events({ deniedOnly: true })).map((node) => node.actorId)).toEqual([outsider.userId]);
    expect(nodesOf(await events({ emergencyOnly: true }))).toEqual([]);
    // The nurse off the team breaks the glass and reads the note: the event says so, and why.
    const reason = 'Patient called in crisis; the care team is unreachable tonight.';
    const grant = await gql(app, 'mutation E($c: ID!, $r: String!) { requestEmergencyAccess(caseId: $c, reason: $r) { id } }', { c: caseId, r: reason }, outsider.accessToken);
    expect(grant.body.errors).toBeUndefined();
    expect((await gql(app, READ_NOTE, { id: noteIds[1] }, outsider.accessToken)).body.data?.note.body).toBe('Integration going well.');
    const EMERGENCY = `query { auditEvents(filter: { emergencyOnly: true }, page: { first: 10 }) { edges { node { actorId subjectId patientId emergency emergencyReason } } } }`;
    const emergencyNodes = (await gql(app, EMERGENCY, {}, clinic.admin.accessToken)).body.data?.auditEvents.edges.map((edge: { node: unknown }) => edge.node);
    expect(emergencyNodes).toEqual([{ actorId: outsider.userId, subjectId: noteIds[1], patientId, emergency: true, emergencyReason: reason }]);
    // Breaking the glass is itself a write on the patient's record, in their access report.
    const opened = nodesOf(await events({ patientId, subjectType: 'EmergencyAccess' }));
    expect(opened).toMatchObject([{ action: 'create', actorId: outsider.userId, subjectId: grant.body.data?.requestEmergencyAccess.id, outcome: 'ALLOWED' }]);
    expect(opened[0]?.fields).toEqual(expect.arrayContaining(['reason', 'expires_at']));
  });

  it('pages newest first with cursors, without gaps or repeats', async () => {
    // Each page is itself audited (an AuditLog read), so the log grows while it is paged: compare the rest.
    const others = (nodes: Node[]) => nodes.filter((node) => node.subjectType !== 'AuditLog').map((node) => node.id);
    const all = nodesOf(await events({}));
    expect(all.length).toBeGreaterThan(10);
    const seen: Node[] = [];
    let after: string | undefined;
    for (;;) {
      const page = (await events({}, 4, after)).body.data?.auditEvents;
      seen.push(...(page.edges as { node: Node }[]).map((edge) => edge.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor as string;
    }
    expect(others(seen)).toEqual(others(all));
    expect(new Set(seen.map((node) => node.id)).size).toBe(seen.length);
    expect(codeOf(await events({}, 4, 'not-a-cursor'))).toBe('BAD_USER_INPUT');
    const to = await events({ from: '2026-05-02T00:00:00Z', to: '2026-05-01T00:00:00Z' });
    expect([codeOf(to), fieldOf(to)]).toEqual(['BAD_USER_INPUT', 'to']);
    const patient = await events({ patientId: 'not-an-id' });
    expect([codeOf(patient), fieldOf(patient)]).toEqual(['BAD_USER_INPUT', 'patientId']);
  });

  it("reports every access to the patient's record in one query", async () => {
    const nodes = (await gql(app, REPORT, { p: patientId }, clinic.admin.accessToken)).body.data?.patientAccessReport.edges.map((edge: { node: Node }) => edge.node) as Node[];
    expect(nodes.map((node) => `${node.subjectType}:${node.action}:${node.outcome}`)).toEqual(
      expect.arrayContaining(['Patient:create:ALLOWED', 'Case:create:ALLOWED', 'Note:create:ALLOWED', 'Note:read:ALLOWED', 'Note:read:DENIED', 'CareTeamMember:create:ALLOWED']),
    );
  });

  it("audits reading the trail: who reviewed which patient's accesses, with the filters used, never their values", async () => {
    const requestId = `review-${Date.now()}`;
    const response = await fetch(app.gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${clinic.admin.accessToken}`, 'x-request-id': requestId },
      body: JSON.stringify({ query: REPORT, variables: { p: patientId, from: '2026-05-01T00:00:00Z' } }),
    });
    expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
    const [event] = await ownerQuery<{ actor_id: string; action: string; subject_type: string; subject_id: string | null; patient_id: string; fields: string[] }>(
      app,
      `SELECT actor_id, action, subject_type, subject_id, patient_id, fields FROM audit_event WHERE tenant_id = $1 AND request_id = $2`,
      [clinic.id, requestId],
    );
    expect(event).toEqual({ actor_id: clinic.admin.userId, action: 'read', subject_type: 'AuditLog', subject_id: null, patient_id: patientId, fields: ['patientAccessReport', 'patientId', 'from'] });
    // The review is itself in the patient's access report.
    const nodes = nodesOf(await events({ patientId, subjectType: 'AuditLog' }));
    expect(nodes.some((node) => node.actorId === clinic.admin.userId && node.fields.includes('patientAccessReport'))).toBe(true);
  });

  it('exports a date range as CSV, and refuses more than 31 days or 100,000 events', async () => {
    // Counted before the export: the export is itself audited, after it has read the range.
    const [count] = await ownerQuery<{ n: number }>(app, `SELECT count(*)::int AS n FROM audit_event WHERE tenant_id = $1 AND occurred_at >= '2026-05-01Z' AND occurred_at < '2026-05-31Z'`, [clinic.id]);
    const csv = (await gql(app, EXPORT, { from: '2026-05-01T00:00:00Z', to: '2026-05-31T00:00:00Z' }, clinic.admin.accessToken)).body.data?.auditExport as string;
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('occurredAt,actorKind,actorId,actingRoles,action,subjectType,subjectId,caseId,patientId,recordIds,recordCaseIds,recordPatientIds,fields,outcome,emergency,requestId,ip,userAgent,seq,id,emergencyReason');
    expect(count?.n).toBeGreaterThanOrEqual(4);
    expect(lines).toHaveLength((count?.n ?? 0) + 1);
    const exported = await ownerQuery<{ actor_id: string; fields: string[] }>(app, `SELECT actor_id, fields FROM audit_event WHERE tenant_id = $1 AND subject_type = 'AuditLog' AND 'auditExport' = ANY (fields)`, [clinic.id]);
    expect(exported).toEqual([{ actor_id: clinic.admin.userId, fields: ['auditExport', 'from', 'to'] }]);
    expect(csv).not.toContain('Integration going well');
    const tooLong = await gql(app, EXPORT, { from: '2026-05-01T00:00:00Z', to: '2026-06-02T00:00:00Z' }, clinic.admin.accessToken);
    expect([codeOf(tooLong), fieldOf(tooLong)]).toEqual(['BAD_USER_INPUT', 'to']);
    // A busy day beyond the row bound (written directly: 100,001 events would take long through the API).
    await ownerQuery(
      app,
      `INSERT INTO audit_event (tenant_id, id, occurred_at, actor_kind, action, subject_type, subject_id, outcome)
       SELECT $1, gen_random_uuid(), '2026-04-01T00:00:00Z'::timestamptz + g * interval '1 ms', 'system', 'read', 'Patient', $2, 'ALLOWED' FROM generate_series(1, 100001) g`,
      [clinic.id, patientId],
    );
    const tooMany = await gql(app, EXPORT, { from: '2026-04-01T00:00:00Z', to: '2026-04-02T00:00:00Z' }, clinic.admin.accessToken);
    expect([codeOf(tooMany), fieldOf(tooMany)]).toEqual(['BAD_USER_INPUT', 'to']);
  });

  it('is for clinic admins only', async () => {
    for (const member of [prescriber, therapist]) {
      expect(codeOf(await gql(app, EVENTS, { first: 5 }, member.accessToken))).toBe('FORBIDDEN');
      expect(codeOf(await gql(app, REPORT, { p: patientId }, member.accessToken))).toBe('FORBIDDEN');
      expect(codeOf(await gql(app, EXPORT, { from: '2026-05-01T00:00:00Z', to: '2026-05-02T00:00:00Z' }, member.accessToken))).toBe('FORBIDDEN');
    }
    expect(codeOf(await gql(app, EVENTS, { first: 5 }))).toBe('UNAUTHENTICATED');
  });
});
