import { MAX_NOTE_BYTES, NOTE_KINDS, NOTE_VISIBILITIES, checkNote } from '@tandem/clinical';
import type { NoteKind, NoteVisibility } from '@tandem/clinical';
import { BadUserInputError } from '@tandem/core';
import type { RequestContext } from '@tandem/core';

/** The body within 100 kB, said plainly (the request itself may carry up to 3 MB). */
export function validBody(body: string, field = 'body'): string {
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes > MAX_NOTE_BYTES) throw new BadUserInputError(field, `A note may hold at most 100 kB; this one is ${Math.ceil(bytes / 1024)} kB`);
  return body;
}

/** Kind and visibility allowed for the author's roles (psychotherapy notes: author-only). */
export function assertNoteRules(ctx: RequestContext, kind: NoteKind, visibility: NoteVisibility): void {
  if (!NOTE_KINDS.includes(kind)) throw new BadUserInputError('kind', 'Unknown note kind');
  if (!NOTE_VISIBILITIES.includes(visibility)) throw new BadUserInputError('visibility', 'Unknown visibility');
  const roles = ctx.principal.kind === 'user' ? ctx.principal.roles : [];
  const verdict = checkNote(kind, visibility, roles);
  if (!verdict.ok) throw new BadUserInputError(verdict.field, verdict.message);
}
