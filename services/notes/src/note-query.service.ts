import type { NoteKind } from '@tandem/clinical';
import { BadUserInputError, NotFoundError, isUuid } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import { abilityOf, accessibleWhere, readableView } from '@tandem/authz';
import { oneCaseCareTeamSql } from '@tandem/cases';
import type { Database } from '@tandem/db';
import { afterId, toPage } from '@tandem/graphql';
import type { Page, PageRequest } from '@tandem/graphql';
import { auditNoteReads } from './audit-reads';
import { NOTE_COLUMNS, NOTE_FIELDS, noteColumns, noteFields } from './note-record';
import type { NoteView } from './note-record';

export interface NoteFilter {
  readonly kind?: NoteKind | null;
  readonly authorId?: string | null;
  readonly sessionId?: string | null;
  readonly from?: Date | null;
  readonly to?: Date | null;
}

export interface SearchHit {
  readonly note: NoteView;
  readonly rank: number;
  /** Matching fragments with the hits between « and ». */
  readonly snippet: string;
}

const MAX_SEARCH_PAGE = 50;

/**
 * Lists and full-text search over the notes an actor may read, with the permission filter in
 * SQL: results, counts and pages never include, or reveal by their absence, a hidden note.
 */
export class NoteQueryService {
  constructor(private readonly db: Database) {}

  /**
   * Oldest first, or newest first: notes' ids are UUIDv7, minted as they are written, so the
   * case's id index gives either order and its keyset cursor. Newest first, the last 20 notes of
   * a long chart are the first 20 read; asked with a `from` time instead, every older note was
   * read to be skipped.
   */
  async forCase(ctx: RequestContext, caseId: string, filter: NoteFilter, page: PageRequest, newestFirst = false): Promise<Page<NoteView>> {
    const after = afterId(page);
    const [beyond, order] = newestFirst ? ['<', 'DESC'] : ['>', 'ASC'];
    // No separate case check: the read filter alone decides, so a partner with notes:read (and no
    // cases:read) lists a case's shareable notes, and a case you cannot see lists as empty.
    if (!isUuid(caseId)) throw new NotFoundError('Case');
    return this.db.withTenant(ctx, async (m) => {
      // Every row is of case $1: its care team is read once for the statement, not once per note.
      const team = oneCaseCareTeamSql('$1::uuid');
      const { where, params } = this.where(ctx, filter, 3, noteColumns(team));
      const rows = await m.query<NoteView[]>(
        `SELECT ${noteFields(team)} FROM case_note n WHERE n.case_id = $1 AND ($2::uuid IS NULL OR n.id ${beyond} $2) AND ${where} ORDER BY n.id ${order} LIMIT $3`,
        [caseId, after, page.first + 1, ...params],
      );
      const result = toPage(
        rows.map((row) => readableView(ctx, 'Note', row)),
        page.first,
      );
      await auditNoteReads(m, ctx, result.nodes);
      return result;
    });
  }

  /** Ranked full-text search in one case or across every case the actor may read notes of. */
  async search(ctx: RequestContext, text: string, options: NoteFilter & { caseId?: string | null; first: number; offset?: number | null }): Promise<{ hits: SearchHit[]; hasMore: boolean }> {
    const query = text.trim();
    if (query.length < 1 || query.length > 200) throw new BadUserInputError('query', 'Search for 1 to 200 characters');
    if (!Number.isInteger(options.first) || options.first < 1 || options.first > MAX_SEARCH_PAGE) throw new BadUserInputError('first', `first must be between 1 and ${MAX_SEARCH_PAGE}`);
    const offset = options.offset ?? 0;
    if (!Number.isInteger(offset) || offset < 0 || offset > 10_000) throw new BadUserInputError('offset', '0 to 10000');
    if (options.caseId && !isUuid(options.caseId)) throw new NotFoundError('Case');
    return this.db.withTenant(ctx, async (m) => {
      const { where, params } = this.where(ctx, options, 4);
      // websearch_to_tsquery accepts any text (quotes, operators, punctuation) without syntax errors.
      const rows = await m.query<(NoteView & { rank: number; snippet: string })[]>(
        `SELECT ${NOTE_FIELDS}, ts_rank(n.search, q) AS rank,
                ts_headline('english', n.body, q, 'StartSel=«, StopSel=», MaxFragments=2, MaxWords=18, MinWords=6') AS snippet
         FROM case_note n, websearch_to_tsquery('english', $1) q
         WHERE n.tenant_id = app.current_tenant() AND n.search @@ q AND ($2::uuid IS NULL OR n.case_id = $2) AND ${where}
         ORDER BY rank DESC, n.id LIMIT $3 OFFSET $4`,
        [query, options.caseId ?? null, options.first + 1, offset, ...params],
      );
      const hits = rows.slice(0, options.first).map(({ rank, snippet, ...note }) => ({ note: readableView(ctx, 'Note', note), rank, snippet }));
      await auditNoteReads(
        m,
        ctx,
        hits.map((hit) => hit.note),
      );
      return { hits, hasMore: rows.length > options.first };
    });
  }

  /** The policy's read filter plus the caller's filters, parameters numbered after `offset`. */
  private where(ctx: RequestContext, filter: NoteFilter, offset: number, columns = NOTE_COLUMNS): { where: string; params: unknown[] } {
    const visible = accessibleWhere(abilityOf(ctx), 'read', 'Note', columns, offset + 5);
    const clauses = [
      `n.status <> 'DISCARDED'`,
      `($${offset + 1}::text IS NULL OR n.kind = $${offset + 1})`,
      `($${offset + 2}::uuid IS NULL OR n.author_id = $${offset + 2})`,
      `($${offset + 3}::uuid IS NULL OR n.session_id = $${offset + 3})`,
      `($${offset + 4}::timestamptz IS NULL OR n.created_at >= $${offset + 4})`,
      `($${offset + 5}::timestamptz IS NULL OR n.created_at < $${offset + 5})`,
      visible.sql,
    ];
    for (const [field, value] of [['authorId', filter.authorId], ['sessionId', filter.sessionId]] as const) {
      if (value && !isUuid(value)) throw new BadUserInputError(field, 'Not an id');
    }
    return { where: clauses.join(' AND '), params: [filter.kind ?? null, filter.authorId ?? null, filter.sessionId ?? null, filter.from ?? null, filter.to ?? null, ...visible.params] };
  }
}
