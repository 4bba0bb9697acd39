import { ManualClock } from '@tandem/core';
import { addMember, codeOf, createClinic, fieldOf, gql } from './support/clinic-fixture';
import type { Clinic, Member } from './support/clinic-fixture';
import { assign, openCase, registerPatient } from './support/case-fixture';
import { ownerQuery, startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

const WRITE = `mutation W($c: ID!, $i: WriteNoteInput!) { writeNote(caseId: $c, input: $i) { id version status } }`;
const EDIT = `mutation E($id: ID!, $i: EditNoteInput!) { editNote(id: $id, input: $i) { version body } }`;
const SIGN = `mutation S($id: ID!, $v: Int!, $m: [ID!]) { signNote(id: $id, version: $v, mentionIds: $m) { status signedAt } }`;
const READ = `query R($id: ID!) { note(id: $id) { body authorName addenda { body } } }`;

describe('case notes (through HTTP)', () => {
  const clock = new ManualClock(new Date('2026-06-15T12:00:00Z'));
  let app: TestGateway;
  let clinic: Clinic;
  let prescriber: Member;
  let therapist: Member;
  let nurse: Member;
  let staff: Member;
  let collaborator: Member;
  let caseId: string;

  beforeAll(async () => {
    app = await startTestGateway({ clock });
    clinic = await createClinic(app, clock, 'notes');
    [prescriber, therapist, nurse, staff, collaborator] = [
      await addMember(app, clinic, ['PRESCRIBER']),
      await addMember(app, clinic, ['THERAPIST']),
      await addMember(app, clinic, ['NURSE']),
      await addMember(app, clinic, ['STAFF']),
      await addMember(app, clinic, ['THERAPIST'], { outsideCollaborator: true }),
    ];
    caseId = await openCase(app, staff.accessToken, await registerPatient(app, staff.accessToken));
    await assign(app, clinic.admin.accessToken, caseId, prescriber.membershipId, 'PRESCRIBER_OF_RECORD');
    await assign(app, clinic.admin.accessToken, caseId, therapist.membershipId, 'LEAD_THERAPIST');
    await assign(app, clinic.admin.accessToken, caseId, nurse.membershipId, 'MONITORING_NURSE');
    await assign(app, clinic.admin.accessToken, caseId, staff.membershipId, 'COORDINATOR');
    await assign(app, clinic.admin.accessToken, caseId, collaborator.membershipId, 'CO_THERAPIST');
  });

  afterAll(async () => {
    await app.stop();
  });

  const write = (author: Member, input: Record<string, unknown>) => gql(app, WRITE, { c: caseId, i: input }, author.accessToken);
  const read = (id: string, who: Member) => gql(app, READ, { id }, who.accessToken);
  async function signed(author: Member, kind: string, visibility: string, body: string): Promise<string> {
    const draft = (await write(author, { kind, visibility, body })).body.data?.writeNote as { id: string; version: number };
    await gql(app, SIGN, { id: draft.id, v: draft.version }, author.accessToken);
    return draft.id;
  }
  const outboxCount = async () => (await app.db.asSystem('test-fixture', (m) => m.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM outbox WHERE topic = 'note.mentioned'`)))[0]?.n ?? 0;

  it('keeps a draft to its author, edits with optimistic concurrency, then signs it for good', async () => {
    const draft = (await write(therapist, { kind: 'PROGRESS', visibility: 'CARE_TEAM', body: 'Prep session: intentions set.' })).body.data?.writeNote;
    expect(draft).toMatchObject({ status: 'DRAFT', version: 1 });
    expect(codeOf(await read(draft.id, prescriber))).toBe('NOT_FOUND');
    expect(codeOf(await gql(app, SIGN, { id: draft.id, v: 1 }, prescriber.accessToken))).toBe('NOT_FOUND');
    expect((await gql(app, EDIT, { id: draft.id, i: { version: 1, body: 'Prep session: intentions and music set.' } }, therapist.accessToken)).body.data?.editNote.version).toBe(2);
    const stale = await gql(app, EDIT, { id: draft.id, i: { version: 1, body: 'lost update' } }, therapist.accessToken);
    expect([codeOf(stale), stale.body.errors?.[0]?.extensions?.currentVersion]).toEqual(['CONFLICT', 2]);
    expect(codeOf(await gql(app, `mutation { addNoteAddendum(id: "${draft.id}", body: "x") { id } }`, {}, therapist.accessToken))).toBe('CONFLICT');
    await gql(app, SIGN, { id: draft.id, v: 2 }, therapist.accessToken);
    expect(codeOf(await gql(app, EDIT, { id: draft.id, i: { version: 3, body: 'rewrite history' } }, therapist.accessToken))).toBe('CONFLICT');
    await gql(app, `mutation { addNoteAddendum(id: "${draft.id}", body: "Correction: 45 minutes, not 60.") { id } }`, {}, therapist.accessToken);
    const asPrescriber = (await read(draft.id, prescriber)).body.data?.note;
    expect(asPrescriber).toEqual({ body: 'Prep session: intentions and music set.', authorName: expect.stringMatching(/^Person /), addenda: [{ body: 'Correction: 45 minutes, not 60.' }] });
  });

  it('lets each role read exactly what the kind and visibility share with it', async () => {
    const progress = await signed(therapist, 'PROGRESS', 'CARE_TEAM', 'Integration went well.');
    const prescribersOnly = await signed(prescriber, 'MEDICAL', 'PRESCRIBERS', 'Consider lowering dose.');
    const coordination = await signed(staff, 'COORDINATION', 'CARE_TEAM', 'Ride arranged for Tuesday.');
    const psychotherapy = await signed(therapist, 'PSYCHOTHERAPY', 'AUTHOR_ONLY', 'Private process notes.');
    const cases: [string, Member, boolean][] = [
      [progress, nurse, true], [progress, staff, false], [progress, collaborator, true], [progress, clinic.admin, false],
      [prescribersOnly, prescriber, true], [prescribersOnly, nurse, false], [prescribersOnly, therapist, false],
      [coordination, staff, true], [coordination, nurse, true],
      [psychotherapy, therapist, true], [psychotherapy, prescriber, false], [psychotherapy, collaborator, false], [psychotherapy, clinic.admin, false],
    ];
    for (const [id, who, visible] of cases) {
      expect({ id, who: who.email, code: codeOf(await read(id, who)) }).toEqual({ id, who: who.email, code: visible ? undefined : 'NOT_FOUND' });
    }
    const key = (await gql(app, 'mutation { createApiKey(input: { label: "ehr", scopes: ["notes:read"] }) { secret } }', {}, clinic.admin.accessToken)).body.data?.createApiKey.secret as string;
    expect(codeOf(await gql(app, READ, { id: progress }, key))).toBeUndefined();
    expect(codeOf(await gql(app, READ, { id: psychotherapy }, key))).toBe('NOT_FOUND');
    expect(codeOf(await gql(app, READ, { id: prescribersOnly }, key))).toBe('NOT_FOUND');
  });

  it.each([
    ['PSYCHOTHERAPY shared with the care team', () => therapist, { kind: 'PSYCHOTHERAPY', visibility: 'CARE_TEAM', body: 'x' }, 'visibility'],
    ['a MEDICAL note wider than the clinicians', () => prescriber, { kind: 'MEDICAL', visibility: 'CARE_TEAM', body: 'x' }, 'visibility'],
    ['a MEDICAL note by a nurse', () => nurse, { kind: 'MEDICAL', visibility: 'CLINICIANS', body: 'x' }, 'kind'],
    ['a 2 MB body', () => therapist, { kind: 'PROGRESS', visibility: 'CLINICIANS', body: 'x'.repeat(2 * 1024 * 1024) }, 'body'],
  ] as const)('refuses %s and writes nothing', async (_label, author, input, field) => {
    const before = (await app.db.asSystem('test-fixture', (m) => m.query<{ n: number }[]>('SELECT count(*)::int AS n FROM case_note')))[0]?.n;
    const refused = await write(author(), input);
    expect([codeOf(refused), fieldOf(refused)]).toEqual(['BAD_USER_INPUT', field]);
    expect((await app.db.asSystem('test-fixture', (m) => m.query<{ n: number }[]>('SELECT count(*)::int AS n FROM case_note')))[0]?.n).toBe(before);
  });

  it('notifies mentioned team members who may read the note, refuses mentions off the team', async () => {
    const draft = (await write(therapist, { kind: 'PROGRESS', visibility: 'CLINICIANS', body: 'Please review the dose.' })).body.data?.writeNote as { id: string; version: number };
    const outsider = await addMember(app, clinic, ['NURSE']);
    const refused = await gql(app, SIGN, { id: draft.id, v: draft.version, m: [outsider.membershipId] }, therapist.accessToken);
    expect([codeOf(refused), fieldOf(refused)]).toEqual(['BAD_USER_INPUT', 'mentionIds']);
    const before = await outboxCount();
    await gql(app, SIGN, { id: draft.id, v: draft.version, m: [prescriber.membershipId, staff.membershipId] }, therapist.accessToken);
    expect(await outboxCount()).toBe(before + 1);
  });

  it('co-signs a collaborator note by the named co-signer only', async () => {
    const draft = (await write(collaborator, { kind: 'PROGRESS', visibility: 'CLINICIANS', body: 'Session with co-therapist.', cosignerId: therapist.membershipId })).body.data?.writeNote as { id: string; version: number };
    await gql(app, SIGN, { id: draft.id, v: draft.version }, collaborator.accessToken);
    expect(codeOf(await gql(app, `mutation { cosignNote(id: "${draft.id}") { cosignedAt } }`, {}, collaborator.accessToken))).toBe('FORBIDDEN');
    expect(codeOf(await gql(app, `mutation { cosignNote(id: "${draft.id}") { cosignedAt } }`, {}, prescriber.accessToken))).toBe('FORBIDDEN');
    expect((await gql(app, `mutation { cosignNote(id: "${draft.id}") { cosignedAt } }`, {}, therapist.accessToken)).body.data?.cosignNote.cosignedAt).toEqual(expect.any(String));
    const wrong = await write(collaborator, { kind: 'PROGRESS', visibility: 'CLINICIANS', body: 'x', cosignerId: staff.membershipId });
    expect([codeOf(wrong), fieldOf(wrong)]).toEqual(['BAD_USER_INPUT', 'cosignerId']);
  });

  it('searches only what the actor may read, safely, with snippets', async () => {
    await signed(therapist, 'PROGRESS', 'CLINICIANS', 'Patient described a lighthouse image during dosing.');
    await signed(therapist, 'PSYCHOTHERAPY', 'AUTHOR_ONLY', 'Private: the lighthouse recalls childhood.');
    const SEARCH = `query Q($q: String!) { searchNotes(query: $q, first: 10) { hits { snippet note { kind } } hasMore } }`;
    const response = await gql(app, SEARCH, { q: 'lighthouse' }, prescriber.accessToken);
    expect(response.body.errors).toBeUndefined();
    const asPrescriber = response.body.data?.searchNotes;
    expect(asPrescriber.hits).toEqual([{ snippet: expect.stringContaining('«lighthouse»'), note: { kind: 'PROGRESS' } }]);
    expect((await gql(app, SEARCH, { q: 'lighthouse' }, therapist.accessToken)).body.data?.searchNotes.hits).toHaveLength(2);
    expect((await gql(app, SEARCH, { q: 'lighthouse' }, staff.accessToken)).body.data?.searchNotes.hits).toEqual([]);
    for (const hostile of ["'; DROP TABLE case_note; --", 'lighthouse & | ! ( :* <->', '"unterminated', '\\\\ %_']) {
      const response = await gql(app, SEARCH, { q: hostile }, prescriber.accessToken);
      expect(codeOf(response)).toBeUndefined();
    }
  });

  it('audits every read of note content, append-only', async () => {
    const id = await signed(therapist, 'PROGRESS', 'CLINICIANS', 'Audited content.');
    await read(id, prescriber);
    await gql(app, `{ caseNotes(caseId: "${caseId}", page: { first: 100 }) { count } }`, {}, nurse.accessToken);
    // The runtime role may only append (docs/audit.md); writing and signing are audited too, by the database.
    // The list's read is one event naming every note of the page (docs/audit.md, "Grouped reads").
    const events = await ownerQuery(app, `SELECT actor_kind, action, fields FROM audit_event WHERE (subject_id = $1 OR $1 = ANY (subject_ids)) AND action = 'read' ORDER BY occurred_at`, [id]);
    expect(events).toEqual([
      { actor_kind: 'user', action: 'read', fields: ['body', 'kind', 'visibility', 'authorId', 'signedAt'] },
      { actor_kind: 'user', action: 'read', fields: ['body', 'kind', 'visibility', 'authorId', 'signedAt'] },
    ]);
    const ctxDb = app.db;
    await expect(ctxDb.withTenant({ tenantId: clinic.id }, (m) => m.query(`UPDATE audit_event SET action = 'forged'`))).rejects.toThrow(/permission denied/);
    await expect(ctxDb.withTenant({ tenantId: clinic.id }, (m) => m.query(`DELETE FROM audit_event`))).rejects.toThrow(/permission denied/);
  });

  it("answers NOT_FOUND for another clinic's note id", async () => {
    const elsewhere = await createClinic(app, clock, 'notes-other');
    const foreignTherapist = await addMember(app, elsewhere, ['THERAPIST']);
    const id = await signed(therapist, 'PROGRESS', 'CLINICIANS', 'Ours.');
    expect(codeOf(await read(id, foreignTherapist))).toBe('NOT_FOUND');
    expect(codeOf(await gql(app, `mutation { addNoteAddendum(id: "${id}", body: "theirs") { id } }`, {}, foreignTherapist.accessToken))).toBe('NOT_FOUND');
  });

  it("lists a case's notes newest first when asked, its cursor going on in that order, hidden notes hidden", async () => {
    const chart = await openCase(app, staff.accessToken, await registerPatient(app, staff.accessToken));
    await assign(app, clinic.admin.accessToken, chart, therapist.membershipId, 'LEAD_THERAPIST');
    await assign(app, clinic.admin.accessToken, chart, prescriber.membershipId, 'PRESCRIBER_OF_RECORD');
    for (const body of ['first', 'second', 'third']) await gql(app, WRITE, { c: chart, i: { kind: 'PROGRESS', visibility: 'CARE_TEAM', body } }, therapist.accessToken);
    const PAGE = `query P($c: ID!, $a: String, $n: Boolean) {
      caseNotes(caseId: $c, page: { first: 2, after: $a }, newestFirst: $n) { edges { node { body } } pageInfo { hasNextPage endCursor } }
    }`;
    type NotePage = { edges: { node: { body: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    const page = async (reader: Member, after: string | null, newestFirst?: boolean): Promise<NotePage> =>
      (await gql(app, PAGE, { c: chart, a: after, n: newestFirst }, reader.accessToken)).body.data?.caseNotes as NotePage;
    const bodies = (listed: NotePage) => listed.edges.map((edge) => edge.node.body);

    const newest = await page(therapist, null, true);
    expect([bodies(newest), newest.pageInfo.hasNextPage]).toEqual([['third', 'second'], true]);
    const older = await page(therapist, newest.pageInfo.endCursor, true);
    expect([bodies(older), older.pageInfo.hasNextPage]).toEqual([['first'], false]);
    expect(bodies(await page(therapist, null))).toEqual(['first', 'second']);
    expect(bodies(await page(therapist, null, false))).toEqual(['first', 'second']);
    // Drafts are their author's: newest first reveals none of them to the prescriber either.
    expect(bodies(await page(prescriber, null, true))).toEqual([]);
  });

  it('lists a page of 100 notes with authors and addenda for the cost of a page of 5', async () => {
    await app.db.asSystem('test-fixture', (m) =>
      m.query(
        `INSERT INTO case_note (tenant_id, id, case_id, kind, visibility, status, author_id, body, created_at, updated_at, signed_at)
         SELECT $1, gen_random_uuid(), $2, 'PROGRESS', 'CLINICIANS', 'SIGNED', $3, 'Bulk note ' || i, now(), now(), now() FROM generate_series(1, 120) i`,
        [clinic.id, caseId, therapist.membershipId],
      ),
    );
    const cost = async (first: number) => {
      const before = app.db.statementsSent;
      const response = await gql(app, `{ caseNotes(caseId: "${caseId}", page: { first: ${first} }) { edges { node { body authorName addenda { body } } } } }`, {}, prescriber.accessToken);
      expect(response.body.data?.caseNotes.edges).toHaveLength(first);
      return app.db.statementsSent - before;
    };
    expect(await cost(100)).toBe(await cost(5));
  });
});
