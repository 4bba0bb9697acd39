import { BadUserInputError, ConflictError, NotFoundError, isUuid } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import { abilityOf, accessibleWhere, assertCan, readableView, visibleOrNotFound } from '@tandem/authz';
import { findCase } from '@tandem/cases';
import type { Database, EntityManager } from '@tandem/db';
import { afterId, afterKeyset, toKeysetPage, toPage } from '@tandem/graphql';
import { auditFollowUpReads } from './audit-reads';
import type { Page, PageRequest } from '@tandem/graphql';
import { followUpClosed, followUpRescheduled, insertFollowUp } from './followup-events';
import { FOLLOW_UP_COLUMNS, FOLLOW_UP_FIELDS, FOLLOW_UP_KINDS, PRIORITIES, findFollowUp } from './followup-record';
import type { FollowUpKind, FollowUpView, Priority } from './followup-record';

export interface FollowUpInput {
  readonly kind: FollowUpKind;
  readonly title: string;
  readonly assigneeId: string;
  readonly dueAt: Date;
  readonly priority?: Priority | null;
}

/** Follow-ups by the care team: create, complete (with a note), cancel, reschedule, list. */
export class FollowUpService {
  constructor(private readonly db: Database) {}

  async create(ctx: RequestContext, caseId: string, input: FollowUpInput): Promise<FollowUpView> {
    const title = input.title.trim();
    if (!FOLLOW_UP_KINDS.includes(input.kind)) throw new BadUserInputError('kind', 'Unknown follow-up kind');
    if (title.length < 1 || title.length > 200) throw new BadUserInputError('title', 'A title of 1 to 200 characters');
    if (input.priority && !PRIORITIES.includes(input.priority)) throw new BadUserInputError('priority', 'Unknown priority');
    return this.db.withTenant(ctx, async (m) => {
      const record = visibleOrNotFound(ctx, 'Case', isUuid(caseId) ? await findCase(m, caseId) : undefined);
      assertCan(ctx, 'create', 'FollowUp', { tenantId: record.tenantId, careTeamMembershipIds: record.careTeamMembershipIds });
      if (!record.careTeamMembershipIds.includes(input.assigneeId)) throw new BadUserInputError('assigneeId', 'The assignee must be on the case care team');
      const id = await insertFollowUp(m, {
        tenantId: record.tenantId,
        caseId,
        kind: input.kind,
        title,
        assigneeId: input.assigneeId,
        dueAt: input.dueAt,
        priority: input.priority ?? 'NORMAL',
        createdAt: ctx.clock.now(),
        createdBy: ctx.principal.kind === 'user' ? ctx.principal.membershipId : null,
      });
      return readableView(ctx, 'FollowUp', await load(m, id ?? '', ctx.clock.now()));
    });
  }

  async complete(ctx: RequestContext, id: string, note: string | null): Promise<FollowUpView> {
    return this.close(ctx, id, 'DONE', note);
  }

  async cancel(ctx: RequestContext, id: string, reason: string): Promise<FollowUpView> {
    if (reason.trim().length < 1) throw new BadUserInputError('reason', 'A reason is required');
    return this.close(ctx, id, 'CANCELLED', reason);
  }

  async reschedule(ctx: RequestContext, id: string, dueAt: Date): Promise<FollowUpView> {
    return this.db.withTenant(ctx, async (m) => {
      const followUp = await open(m, ctx, id);
      await m.query(`UPDATE follow_up SET due_at = $2, updated_at = $3 WHERE id = $1`, [followUp.id, dueAt, ctx.clock.now()]);
      if (followUp.dueAt.getTime() !== dueAt.getTime()) await followUpRescheduled(m, followUp, followUp.dueAt, dueAt);
      return readableView(ctx, 'FollowUp', await load(m, id, ctx.clock.now()));
    });
  }

  /** The actor's open follow-ups, soonest due first, or a case's; filtered by the policy in SQL. */
  async list(ctx: RequestContext, scope: { mine: true } | { caseId: string }, page: PageRequest): Promise<Page<FollowUpView>> {
    const after = afterId(page);
    const visible = accessibleWhere(abilityOf(ctx), 'read', 'FollowUp', FOLLOW_UP_COLUMNS, 5);
    const me = ctx.principal.kind === 'user' ? ctx.principal.membershipId : null;
    const [column, value] = 'mine' in scope ? ['f.assignee_id', me] : ['f.case_id', isUuid(scope.caseId) ? scope.caseId : null];
    return this.db.withTenant(ctx, async (m) => {
      const rows = await m.query<FollowUpView[]>(
        `SELECT ${FOLLOW_UP_FIELDS} FROM follow_up f WHERE ${column} = $2 AND ($3::uuid IS NULL OR f.id > $3) AND ($5::boolean OR f.status = 'OPEN') AND ${visible.sql} ORDER BY f.id LIMIT $4`,
        [ctx.clock.now(), value, after, page.first + 1, !('mine' in scope), ...visible.params],
      );
      const result = toPage(
        rows.map((row) => readableView(ctx, 'FollowUp', row)),
        page.first,
      );
      await auditFollowUpReads(m, ctx, result.nodes);
      return result;
    });
  }

  /**
   * Every follow-up of the clinic the actor may read that changed at or after `updatedSince`,
   * in (updatedAt, id) order: a partner stores the last cursor, or the last updatedAt, and asks again.
   */
  async changedSince(ctx: RequestContext, updatedSince: Date | null, page: PageRequest): Promise<Page<FollowUpView> & { cursorOf: (node: FollowUpView) => string }> {
    const after = afterKeyset(page);
    const visible = accessibleWhere(abilityOf(ctx), 'read', 'FollowUp', FOLLOW_UP_COLUMNS, 5);
    return this.db.withTenant(ctx, async (m) => {
      const rows = await m.query<FollowUpView[]>(
        `SELECT ${FOLLOW_UP_FIELDS} FROM follow_up f
         WHERE ($2::timestamptz IS NULL OR f.updated_at >= $2) AND ($3::timestamptz IS NULL OR (f.updated_at, f.id) > ($3, $4::uuid))
           AND ${visible.sql} ORDER BY f.updated_at, f.id LIMIT $5`,
        [ctx.clock.now(), updatedSince, after?.at ?? null, after?.id ?? null, page.first + 1, ...visible.params],
      );
      const result = toKeysetPage(
        rows.map((row) => readableView(ctx, 'FollowUp', row)),
        page.first,
        (row) => row.updatedAt,
      );
      await auditFollowUpReads(m, ctx, result.nodes);
      return result;
    });
  }

  private async close(ctx: RequestContext, id: string, status: 'DONE' | 'CANCELLED', note: string | null): Promise<FollowUpView> {
    return this.db.withTenant(ctx, async (m) => {
      const followUp = await open(m, ctx, id);
      const closer = ctx.principal.kind === 'user' ? ctx.principal.membershipId : null;
      await m.query(`UPDATE follow_up SET status = $2, completion_note = $3, closed_at = $4, closed_by = $5, updated_at = $4 WHERE id = $1`, [followUp.id, status, note?.trim() || null, ctx.clock.now(), closer]);
      await followUpClosed(m, followUp);
      return readableView(ctx, 'FollowUp', await load(m, id, ctx.clock.now()));
    });
  }
}

async function open(m: EntityManager, ctx: RequestContext, id: string): Promise<FollowUpView> {
  const followUp = visibleOrNotFound(ctx, 'FollowUp', isUuid(id) ? await findFollowUp(m, id, ctx.clock.now()) : undefined);
  assertCan(ctx, 'update', 'FollowUp', followUp);
  if (followUp.status !== 'OPEN') throw new ConflictError(`The follow-up is ${followUp.status.toLowerCase()}`);
  return followUp;
}

async function load(m: EntityManager, id: string, now: Date): Promise<FollowUpView> {
  const row = await findFollowUp(m, id, now);
  if (!row) throw new NotFoundError('FollowUp');
  return row;
}
