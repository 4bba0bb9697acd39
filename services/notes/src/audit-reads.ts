import { fieldsRead, recordReads } from '@tandem/audit';
import type { RequestContext } from '@tandem/core';
import type { EntityManager } from '@tandem/db';
import type { NoteView } from './note-record';

const CONTENT_FIELDS = ['body', 'kind', 'visibility', 'authorId', 'signedAt'] as const;

/** Every read of note content is audited, in the transaction that read it (one INSERT per request). */
export async function auditNoteReads(m: EntityManager, ctx: RequestContext, notes: readonly NoteView[]): Promise<void> {
  await recordReads(
    m,
    ctx,
    notes
      .filter((note) => note.body !== null)
      .map((note) => ({ subjectType: 'Note', subjectId: note.id, caseId: note.caseId, fields: fieldsRead(note, CONTENT_FIELDS) })),
  );
}
