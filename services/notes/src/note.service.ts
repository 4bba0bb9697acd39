import type { NoteKind, NoteVisibility } from '@tandem/clinical';
import { BadUserInputError, ConflictError, NotFoundError, isUuid, newId } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import { assertCan, readableView, visibleOrNotFound } from '@tandem/authz';
import { findCase, recordCaseEvent } from '@tandem/cases';
import type { Database, EntityManager } from '@tandem/db';
import { writeOutbox } from '@tandem/jobs';
import { auditNoteReads } from './audit-reads';
import { memberMayRead } from './member-ability';
import { assertNoteRules, validBody } from './note-input';
import { findNote } from './note-record';
import type { NoteView } from './note-record';

export interface WriteNoteInput {
  readonly kind: NoteKind;
  readonly visibility: NoteVisibility;
  readonly body: string;
  readonly sessionId?: string | null;
  readonly cosignerId?: string | null;
}

export interface EditNoteInput {
  /** The version the edit was made on; a stale one answers CONFLICT. */
  readonly version: number;
  readonly body?: string | null;
  readonly visibility?: NoteVisibility | null;
  readonly cosignerId?: string | null;
}

/** Drafts (the author's alone), signing (then never changed), addenda, co-signature, mentions. */
export class NoteService {
  constructor(private readonly db: Database) {}

  async write(ctx: RequestContext, caseId: string, input: WriteNoteInput): Promise<NoteView> {
    assertNoteRules(ctx, input.kind, input.visibility);
    const body = validBody(input.body);
    return this.db.withTenant(ctx, async (m) => {
      const record = visibleOrNotFound(ctx, 'Case', isUuid(caseId) ? await findCase(m, caseId) : undefined);
      assertCan(ctx, 'create', 'Note', { tenantId: record.tenantId, careTeamMembershipIds: record.careTeamMembershipIds });
      if (input.sessionId) await assertSessionOfCase(m, input.sessionId, caseId);
      const id = newId();
      const now = ctx.clock.now();
      await m.query(
        `INSERT INTO case_note (tenant_id, id, case_id, session_id, kind, visibility, status, author_id, body, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'DRAFT', $7, $8, $9, $9)`,
        [record.tenantId, id, caseId, input.sessionId ?? null, input.kind, input.visibility, author(ctx), body, now],
      );
      const note = await load(m, id);
      if (input.cosignerId) await setCosigner(m, note, input.cosignerId);
      return readableView(ctx, 'Note', await load(m, id));
    });
  }

  async edit(ctx: RequestContext, id: string, input: EditNoteInput): Promise<NoteView> {
    const body = input.body == null ? null : validBody(input.body);
    return this.db.withTenant(ctx, async (m) => {
      const note = await ownDraft(m, ctx, id, input.version);
      if (input.visibility) assertNoteRules(ctx, note.kind, input.visibility);
      await m.query(`UPDATE case_note SET body = COALESCE($2, body), visibility = COALESCE($3, visibility), version = version + 1, updated_at = $4 WHERE id = $1`, [
        id, body, input.visibility ?? null, ctx.clock.now(),
      ]);
      if (input.cosignerId) await setCosigner(m, await load(m, id), input.cosignerId);
      return readableView(ctx, 'Note', await load(m, id));
    });
  }

  async discard(ctx: RequestContext, id: string, version: number): Promise<NoteView> {
    return this.db.withTenant(ctx, async (m) => {
      await ownDraft(m, ctx, id, version);
      await m.query(`UPDATE case_note SET status = 'DISCARDED', version = version + 1, updated_at = $2 WHERE id = $1`, [id, ctx.clock.now()]);
      return readableView(ctx, 'Note', await load(m, id));
    });
  }

  /** Signs the draft; mentioned team members who may read it get a notification intent. */
  async sign(ctx: RequestContext, id: string, version: number, mentionIds: readonly string[] = []): Promise<NoteView> {
    return this.db.withTenant(ctx, async (m) => {
      const note = await ownDraft(m, ctx, id, version);
      const offTeam = mentionIds.find((member) => !note.careTeamMembershipIds.includes(member));
      if (offTeam !== undefined) throw new BadUserInputError('mentionIds', 'Only members of the care team can be mentioned');
      await assertSupervisorCosigns(m, note);
      const now = ctx.clock.now();
      await m.query(`UPDATE case_note SET status = 'SIGNED', signed_at = $2, version = version + 1, updated_at = $2 WHERE id = $1`, [id, now]);
      const signed = await load(m, id);
      for (const member of new Set(mentionIds)) {
        if (await memberMayRead(m, member, signed)) await writeOutbox(m, { tenantId: signed.tenantId, topic: 'note.mentioned', payload: { noteId: id, membershipId: member, caseId: signed.caseId } });
      }
      await recordCaseEvent(m, ctx, note.caseId, 'NOTE_SIGNED', { noteId: id, kind: note.kind });
      return readableView(ctx, 'Note', signed);
    });
  }

  /** A signed correction or addition; the original note never changes. */
  async addAddendum(ctx: RequestContext, id: string, body: string): Promise<NoteView> {
    const text = validBody(body);
    if (text.trim().length === 0) throw new BadUserInputError('body', 'An addendum needs text');
    return this.db.withTenant(ctx, async (m) => {
      const note = visibleOrNotFound(ctx, 'Note', isUuid(id) ? await findNote(m, id, true) : undefined);
      if (note.status !== 'SIGNED') throw new ConflictError('Addenda are added to signed notes; edit the draft instead');
      assertCan(ctx, 'create', 'Note', { tenantId: note.tenantId, careTeamMembershipIds: note.careTeamMembershipIds });
      await m.query(`INSERT INTO note_addendum (tenant_id, id, note_id, author_id, body, signed_at) VALUES ($1, $2, $3, $4, $5, $6)`, [note.tenantId, newId(), id, author(ctx), text, ctx.clock.now()]);
      return readableView(ctx, 'Note', note);
    });
  }

  async cosign(ctx: RequestContext, id: string): Promise<NoteView> {
    return this.db.withTenant(ctx, async (m) => {
      const note = visibleOrNotFound(ctx, 'Note', isUuid(id) ? await findNote(m, id, true) : undefined);
      assertCan(ctx, 'sign', 'Note', { ...note, authorId: null });
      if (note.status !== 'SIGNED') throw new ConflictError('The author signs first');
      if (note.cosignedAt) throw new ConflictError('The note is already co-signed');
      await m.query(`UPDATE case_note SET cosigned_at = $2 WHERE id = $1`, [id, ctx.clock.now()]);
      return readableView(ctx, 'Note', await load(m, id));
    });
  }

  async get(ctx: RequestContext, id: string): Promise<NoteView> {
    return this.db.withTenant(ctx, async (m) => {
      const note = readableView(ctx, 'Note', visibleOrNotFound(ctx, 'Note', isUuid(id) ? await findNote(m, id) : undefined));
      await auditNoteReads(m, ctx, [note]);
      return note;
    });
  }
}

function author(ctx: RequestContext): string {
  return ctx.principal.kind === 'user' ? ctx.principal.membershipId : '';
}

async function load(m: EntityManager, id: string): Promise<NoteView> {
  const note = await findNote(m, id);
  if (!note) throw new NotFoundError('Note');
  return note;
}

/** The author's own draft at the expected version: signed notes never change, others' drafts are not yours. */
async function ownDraft(m: EntityManager, ctx: RequestContext, id: string, version: number): Promise<NoteView> {
  const note = visibleOrNotFound(ctx, 'Note', isUuid(id) ? await findNote(m, id, true) : undefined);
  if (note.status === 'SIGNED') throw new ConflictError('A signed note never changes: add an addendum');
  if (note.status === 'DISCARDED') throw new ConflictError('The draft was discarded');
  assertCan(ctx, 'update', 'Note', note);
  if (note.version !== version) throw new ConflictError('The note changed since you loaded it', { currentVersion: note.version });
  return note;
}

async function setCosigner(m: EntityManager, note: NoteView, cosignerId: string): Promise<void> {
  if (!isUuid(cosignerId) || cosignerId === note.authorId || !note.careTeamMembershipIds.includes(cosignerId) || !(await memberMayRead(m, cosignerId, { ...note, status: 'SIGNED' }))) {
    throw new BadUserInputError('cosignerId', 'The co-signer must be another member of the care team who may read this note');
  }
  await m.query(`UPDATE case_note SET cosigner_id = $2 WHERE id = $1`, [note.id, cosignerId]);
}

/**
 * A trainee who facilitated a dosing session under supervision (docs/credentials.md) signs their
 * notes on it only with the session's supervisor named as co-signer.
 */
async function assertSupervisorCosigns(m: EntityManager, note: NoteView): Promise<void> {
  if (!note.sessionId) return;
  const [session] = await m.query<{ supervisorId: string }[]>(`SELECT supervisor_id AS "supervisorId" FROM treatment_session WHERE id = $1 AND $2 = ANY(trainee_ids)`, [note.sessionId, note.authorId]);
  if (session && note.cosignerId !== session.supervisorId) {
    throw new BadUserInputError('cosignerId', "A trainee's note on a supervised session needs the session's supervisor as co-signer");
  }
}

async function assertSessionOfCase(m: EntityManager, sessionId: string, caseId: string): Promise<void> {
  const [session] = isUuid(sessionId) ? await m.query<unknown[]>(`SELECT 1 FROM treatment_session WHERE id = $1 AND case_id = $2`, [sessionId, caseId]) : [];
  if (!session) throw new NotFoundError('TreatmentSession');
}
