import { NOTE_KINDS, NOTE_RULES } from '@tandem/clinical';
import type { NoteKind, NoteVisibility } from '@tandem/clinical';
import { ManualClock } from '@tandem/core';
import { addMember, codeOf, createClinic, gql } from './support/clinic-fixture';
import type { Member } from './support/clinic-fixture';
import { assign, openCase, registerPatient } from './support/case-fixture';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

/**
 * Every note kind × allowed visibility (signed, plus a draft of each kind) × every kind of
 * reader, through GraphQL: note(id), the case's list and search. The expectation is written
 * from domain.md's rules directly (`mayRead` below), not from the policy code it checks.
 */
type Reader =
  | 'AUTHOR' | 'PRESCRIBER_ON_TEAM' | 'THERAPIST_ON_TEAM' | 'NURSE_ON_TEAM' | 'STAFF_ON_TEAM' | 'PRESCRIBER_OFF_TEAM' | 'ADMIN'
  | 'COLLABORATOR_ON_CASE' | 'COLLABORATOR_OTHER_CASE' | 'KEY_NOTES' | 'KEY_CASES' | 'ANONYMOUS';
const READERS: Reader[] = ['AUTHOR', 'PRESCRIBER_ON_TEAM', 'THERAPIST_ON_TEAM', 'NURSE_ON_TEAM', 'STAFF_ON_TEAM', 'PRESCRIBER_OFF_TEAM', 'ADMIN', 'COLLABORATOR_ON_CASE', 'COLLABORATOR_OTHER_CASE', 'KEY_NOTES', 'KEY_CASES', 'ANONYMOUS'];

interface NoteFixture {
  readonly id: string;
  readonly kind: NoteKind;
  readonly visibility: NoteVisibility;
  readonly draft: boolean;
}

const ROLE_OF: Partial<Record<Reader, string>> = { PRESCRIBER_ON_TEAM: 'PRESCRIBER', THERAPIST_ON_TEAM: 'THERAPIST', NURSE_ON_TEAM: 'NURSE', STAFF_ON_TEAM: 'STAFF', COLLABORATOR_ON_CASE: 'THERAPIST' };

/** domain.md, "Notes and HIPAA", restated. */
function mayRead(reader: Reader, note: NoteFixture): boolean {
  if (reader === 'AUTHOR') return true;
  if (note.draft || note.kind === 'PSYCHOTHERAPY' || note.visibility === 'AUTHOR_ONLY') return false;
  if (reader === 'KEY_NOTES') return note.visibility === 'CARE_TEAM' || note.visibility === 'CLINICIANS';
  const role = ROLE_OF[reader];
  if (!role) return false;
  if (note.visibility === 'PRESCRIBERS') return role === 'PRESCRIBER';
  if (role === 'STAFF') return note.kind === 'COORDINATION' && note.visibility === 'CARE_TEAM';
  return true;
}

function expected(reader: Reader, note: NoteFixture): string | undefined {
  if (reader === 'ANONYMOUS') return 'UNAUTHENTICATED';
  return mayRead(reader, note) ? undefined : 'NOT_FOUND';
}

describe('note permission matrix (GraphQL over HTTP)', () => {
  const clock = new ManualClock(new Date());
  let app: TestGateway;
  const tokens = {} as Record<Reader, string | undefined>;
  const notes: NoteFixture[] = [];
  let caseId: string;

  beforeAll(async () => {
    app = await startTestGateway({ clock });
    const clinic = await createClinic(app, clock, 'note-matrix');
    const member = (roles: ('PRESCRIBER' | 'THERAPIST' | 'NURSE' | 'STAFF')[], outside = false) => addMember(app, clinic, roles, { outsideCollaborator: outside });
    const authors: Record<string, Member> = { PRESCRIBER: await member(['PRESCRIBER']), THERAPIST: await member(['THERAPIST']), NURSE: await member(['NURSE']), STAFF: await member(['STAFF']) };
    const readers = {
      PRESCRIBER_ON_TEAM: await member(['PRESCRIBER']), THERAPIST_ON_TEAM: await member(['THERAPIST']), NURSE_ON_TEAM: await member(['NURSE']),
      STAFF_ON_TEAM: await member(['STAFF']), PRESCRIBER_OFF_TEAM: await member(['PRESCRIBER']),
      COLLABORATOR_ON_CASE: await member(['THERAPIST'], true), COLLABORATOR_OTHER_CASE: await member(['THERAPIST'], true),
    };
    caseId = await openCase(app, clinic.admin.accessToken, await registerPatient(app, clinic.admin.accessToken));
    const otherCase = await openCase(app, clinic.admin.accessToken, await registerPatient(app, clinic.admin.accessToken));
    const team: [Member, string][] = [
      [authors.PRESCRIBER, 'PRESCRIBER_OF_RECORD'], [authors.THERAPIST, 'LEAD_THERAPIST'], [authors.NURSE, 'MONITORING_NURSE'], [authors.STAFF, 'COORDINATOR'],
      [readers.PRESCRIBER_ON_TEAM, 'MONITORING_NURSE'], [readers.THERAPIST_ON_TEAM, 'CO_THERAPIST'], [readers.NURSE_ON_TEAM, 'MONITORING_NURSE'],
      [readers.STAFF_ON_TEAM, 'COORDINATOR'], [readers.COLLABORATOR_ON_CASE, 'CO_THERAPIST'],
    ];
    for (const [who, role] of team) await assign(app, clinic.admin.accessToken, caseId, who.membershipId, role);
    await assign(app, clinic.admin.accessToken, otherCase, readers.COLLABORATOR_OTHER_CASE.membershipId, 'CO_THERAPIST');
    const key = async (scope: string) => (await gql(app, `mutation { createApiKey(input: { label: "m", scopes: ["${scope}"] }) { secret } }`, {}, clinic.admin.accessToken)).body.data?.createApiKey.secret as string;
    Object.assign(tokens, Object.fromEntries(Object.entries(readers).map(([k, v]) => [k, v.accessToken])), { ADMIN: clinic.admin.accessToken, KEY_NOTES: await key('notes:read'), KEY_CASES: await key('cases:read'), ANONYMOUS: undefined });
    for (const kind of NOTE_KINDS) {
      const author = authors[NOTE_RULES[kind].authors[0] ?? 'THERAPIST'];
      for (const [visibility, draft] of [...NOTE_RULES[kind].visibilities.map((v) => [v, false] as const), [NOTE_RULES[kind].visibilities[0] ?? 'AUTHOR_ONLY', true] as const]) {
        const written = await gql(app, 'mutation W($c: ID!, $i: WriteNoteInput!) { writeNote(caseId: $c, input: $i) { id version } }', { c: caseId, i: { kind, visibility, body: `matrixword ${kind} ${visibility}` } }, author.accessToken);
        const { id, version } = written.body.data?.writeNote as { id: string; version: number };
        if (!draft) await gql(app, 'mutation S($id: ID!, $v: Int!) { signNote(id: $id, version: $v) { id } }', { id, v: version }, author.accessToken);
        notes.push({ id, kind, visibility, draft });
        tokens[`AUTHOR:${id}` as Reader] = author.accessToken;
      }
    }
  });

  afterAll(async () => {
    await app.stop();
  });

  const rows = () => notes.flatMap((note) => READERS.map((reader) => ({ note, reader })));

  it('note(id): every kind × visibility × reader', async () => {
    const mismatches: string[] = [];
    for (const { note, reader } of rows()) {
      const token = reader === 'AUTHOR' ? tokens[`AUTHOR:${note.id}` as Reader] : tokens[reader];
      const code = codeOf(await gql(app, 'query R($id: ID!) { note(id: $id) { body } }', { id: note.id }, token));
      if (code !== expected(reader, note)) mismatches.push(`${reader} ${note.kind}/${note.visibility}${note.draft ? '/draft' : ''}: got ${String(code)}, want ${String(expected(reader, note))}`);
    }
    expect(mismatches).toEqual([]);
    expect(rows().length).toBeGreaterThan(200);
  });

  it('lists and search return exactly the notes each reader may read', async () => {
    const mismatches: string[] = [];
    for (const reader of READERS.filter((r) => r !== 'AUTHOR' && r !== 'ANONYMOUS')) {
      const want = notes.filter((note) => mayRead(reader, note)).map((n) => n.id).sort();
      const listed = await gql(app, `{ caseNotes(caseId: "${caseId}", page: { first: 100 }) { edges { node { id } } } }`, {}, tokens[reader]);
      const listIds = listed.body.data ? (listed.body.data.caseNotes.edges as { node: { id: string } }[]).map((e) => e.node.id).sort() : [];
      const found = await gql(app, '{ searchNotes(query: "matrixword", first: 50) { hits { note { id } } } }', {}, tokens[reader]);
      const searchIds = found.body.data ? (found.body.data.searchNotes.hits as { note: { id: string } }[]).map((h) => h.note.id).sort() : [];
      if (JSON.stringify(listIds) !== JSON.stringify(want)) mismatches.push(`${reader} list: ${listIds.length} vs ${want.length}`);
      if (JSON.stringify(searchIds) !== JSON.stringify(want)) mismatches.push(`${reader} search: ${searchIds.length} vs ${want.length}`);
    }
    expect(mismatches).toEqual([]);
  });
});
