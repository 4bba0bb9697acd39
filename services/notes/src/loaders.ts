import type { RequestContext } from '@tandem/core';
import type { Database } from '@tandem/db';
import { loaderFor } from '@tandem/graphql';
import DataLoader from 'dataloader';

export interface AddendumView {
  readonly id: string;
  readonly noteId: string;
  readonly authorId: string;
  readonly body: string;
  readonly signedAt: Date;
}

/** Members' display names by membership id: one statement per request. */
export function authorNames(ctx: RequestContext, db: Database): DataLoader<string, string | null> {
  return loaderFor(ctx, 'notes.authors', () =>
    new DataLoader<string, string | null>(async (ids) => {
      const rows = await db.withTenant(ctx, (m) =>
        m.query<{ id: string; name: string }[]>(`SELECT ms.id, u.display_name AS name FROM membership ms JOIN app_user u ON u.id = ms.user_id WHERE ms.id = ANY($1::uuid[])`, [ids]),
      );
      const byId = new Map(rows.map((r) => [r.id, r.name]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  );
}

/** Addenda by note id, oldest first: one statement per request. Only asked for readable notes. */
export function addenda(ctx: RequestContext, db: Database): DataLoader<string, AddendumView[]> {
  return loaderFor(ctx, 'notes.addenda', () =>
    new DataLoader<string, AddendumView[]>(async (noteIds) => {
      const rows = await db.withTenant(ctx, (m) =>
        m.query<AddendumView[]>(
          `SELECT id, note_id AS "noteId", author_id AS "authorId", body, signed_at AS "signedAt" FROM note_addendum WHERE note_id = ANY($1::uuid[]) ORDER BY signed_at, id`,
          [noteIds],
        ),
      );
      const byNote = new Map<string, AddendumView[]>(noteIds.map((id) => [id, []]));
      for (const row of rows) byNote.get(row.noteId)?.push(row);
      return noteIds.map((id) => byNote.get(id) ?? []);
    }),
  );
}
