import type { Database } from '@tandem/db';
import { NoteResolver } from './graphql/note.resolver';
import { NoteQueryService } from './note-query.service';
import { NoteService } from './note.service';

export const NOTE_RESOLVERS = [NoteResolver] as const;

export function createNotes(db: Database): { resolvers: readonly object[] } {
  return { resolvers: [new NoteResolver(new NoteService(db), new NoteQueryService(db), db)] };
}
