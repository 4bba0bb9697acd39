import { Authorize, canReadField } from '@tandem/authz';
import type { ResolverContext } from '@tandem/authz';
import type { Database } from '@tandem/db';
import { IdempotencyKey, PageInput, toConnection } from '@tandem/graphql';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { addenda, authorNames } from '../loaders';
import type { NoteQueryService } from '../note-query.service';
import type { NoteView } from '../note-record';
import type { NoteService } from '../note.service';
import { AddendumType, EditNoteInput, NoteConnection, NoteFilterInput, NoteType, SearchResultType, WriteNoteInput } from './types';

@Resolver(() => NoteType)
export class NoteResolver {
  constructor(
    private readonly notes: NoteService,
    private readonly queries: NoteQueryService,
    private readonly db: Database,
  ) {}

  @Query(() => NoteType, { description: 'A note you may not read answers NOT_FOUND.' })
  @Authorize('read', 'Note', { deniedAsNotFound: true })
  note(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string) {
    return this.notes.get(ctx, id);
  }

  @Query(() => NoteConnection, { description: "A case's notes you may read (your drafts included), oldest first unless newestFirst." })
  @Authorize('read', 'Note')
  async caseNotes(
    @Ctx() { ctx }: ResolverContext,
    @Arg('caseId', () => ID) caseId: string,
    @Arg('page', () => PageInput) page: PageInput,
    @Arg('filter', () => NoteFilterInput, { nullable: true }) filter?: NoteFilterInput,
    @Arg('newestFirst', () => Boolean, { nullable: true, description: 'Newest first, the order a chart is read in (default: oldest first). Cursors follow the order asked.' })
    newestFirst?: boolean | null,
  ) {
    return toConnection(await this.queries.forCase(ctx, caseId, filter ?? {}, page, newestFirst === true));
  }

  @Query(() => SearchResultType, { description: 'Ranked full-text search over the notes you may read, in one case or all of yours.' })
  @Authorize('read', 'Note')
  searchNotes(
    @Ctx() { ctx }: ResolverContext,
    @Arg('query', () => String) query: string,
    @Arg('first', () => Int) first: number,
    @Arg('offset', () => Int, { nullable: true }) offset?: number,
    @Arg('caseId', () => ID, { nullable: true }) caseId?: string,
    @Arg('filter', () => NoteFilterInput, { nullable: true }) filter?: NoteFilterInput,
  ) {
    return this.queries.search(ctx, query, { ...filter, caseId, first, offset });
  }

  @FieldResolver(() => String, { nullable: true })
  @Authorize('read', 'Note')
  authorName(@Ctx() { ctx }: ResolverContext, @Root() note: NoteView) {
    return note.authorId && canReadField(ctx, 'Note', note, 'authorId') ? authorNames(ctx, this.db).load(note.authorId) : null;
  }

  @FieldResolver(() => [AddendumType], { nullable: true })
  @Authorize('read', 'Note')
  addenda(@Ctx() { ctx }: ResolverContext, @Root() note: NoteView) {
    return note.body !== null && canReadField(ctx, 'Note', note, 'addenda') ? addenda(ctx, this.db).load(note.id) : null;
  }

  @Mutation(() => NoteType, { description: 'A draft: editable by you alone until you sign it.' })
  @Authorize('create', 'Note')
  writeNote(@Ctx() { ctx }: ResolverContext, @Arg('caseId', () => ID) caseId: string, @Arg('input', () => WriteNoteInput) input: WriteNoteInput, @IdempotencyKey() _idempotencyKey?: string) {
    return this.notes.write(ctx, caseId, input);
  }

  @Mutation(() => NoteType)
  @Authorize('update', 'Note')
  editNote(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string, @Arg('input', () => EditNoteInput) input: EditNoteInput) {
    return this.notes.edit(ctx, id, input);
  }

  @Mutation(() => NoteType, { description: 'Drafts only; notes are never deleted.' })
  @Authorize('update', 'Note')
  discardNote(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string, @Arg('version', () => Int) version: number) {
    return this.notes.discard(ctx, id, version);
  }

  @Mutation(() => NoteType, { description: 'Signs your draft; mentioned team members who may read it are notified.' })
  @Authorize('sign', 'Note')
  signNote(
    @Ctx() { ctx }: ResolverContext,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('mentionIds', () => [ID], { nullable: true }) mentionIds?: string[],
  ) {
    return this.notes.sign(ctx, id, version, mentionIds ?? []);
  }

  @Mutation(() => NoteType, { description: 'A signed addendum to a signed note.' })
  @Authorize('create', 'Note')
  addNoteAddendum(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string, @Arg('body', () => String) body: string) {
    return this.notes.addAddendum(ctx, id, body);
  }

  @Mutation(() => NoteType, { description: 'The named co-signer, after the author signed.' })
  @Authorize('sign', 'Note')
  cosignNote(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string) {
    return this.notes.cosign(ctx, id);
  }
}
