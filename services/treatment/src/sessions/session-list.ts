import { remsFormDue, remsFormRequired } from '@tandem/clinical';
import type { Route } from '@tandem/clinical';
import type { RequestContext } from '@tandem/core';
import { BadUserInputError } from '@tandem/core';
import { abilityOf, accessibleWhere, readableView, withConditionFields } from '@tandem/authz';
import type { ColumnMap } from '@tandem/authz';
import { caseCareTeamSql, policyCareTeamSql } from '@tandem/cases';
import { ListFilters } from '@tandem/db';
import type { Database, EntityManager } from '@tandem/db';
import { afterKeyset, toKeysetPage } from '@tandem/graphql';
import { SESSION_AUDIT_FIELDS, auditTreatmentReads } from '../audit-reads';
import type { Page, PageRequest } from '@tandem/graphql';
import { clinicSettings } from '../tenant-settings';
import { selectSessions } from './session-record';
import type { SessionKind, SessionRow } from './session-record';
import type { SessionView } from './session.service';

const CARE_TEAM = caseCareTeamSql('s');

/** The policy's condition fields for TreatmentSession, as SQL. */
export const SESSION_COLUMNS: ColumnMap = {
  id: { column: 's.id', type: 'uuid' },
  tenantId: { column: 's.tenant_id', type: 'uuid' },
  caseId: { column: 's.case_id', type: 'uuid' },
  careTeamMembershipIds: { column: `(${CARE_TEAM})`, type: 'uuid', array: true },
};

export interface SessionFilter {
  /** Sessions starting at or after this time. */
  readonly from?: Date | null;
  /** Sessions starting before this time. */
  readonly to?: Date | null;
  readonly kind?: SessionKind | null;
  /** Sessions changed at or after this time. */
  readonly updatedSince?: Date | null;
}

type SessionPage = Page<SessionView> & { cursorOf: (node: SessionView) => string };

/** What the REMS status of a session is computed from (remsStatus). */
const REMS_INPUTS = ['kind', 'status', 'completedAt', 'remsSubmittedAt'];

/**
 * The fields a list reads for `asked` (the fields its operation asks of each session; absent:
 * all): those, what the REMS status is computed from when it is asked, and every field the
 * actor's rules read (withConditionFields). One set per asked set and actor.
 */
const readFor = new WeakMap<ReadonlySet<string>, ReadonlySet<string>>();
function fieldsToRead(ctx: RequestContext, asked: ReadonlySet<string> | undefined): ReadonlySet<string> | undefined {
  if (!asked) return undefined;
  let wanted = readFor.get(asked);
  if (!wanted) readFor.set(asked, (wanted = asked.has('remsFormDue') ? new Set([...asked, ...REMS_INPUTS]) : asked));
  return withConditionFields(ctx, 'TreatmentSession', wanted);
}

/**
 * The clinic's schedule: sessions the actor may read, in (startsAt, id) order, filtered by the
 * policy in SQL. Three statements whatever the page size (sessions with their care teams, current
 * plans, settings), one when the REMS status is not asked. `asked`: the fields the operation asks
 * of each session (askedOfNodes); the others are not read, and absent from the views.
 */
export async function listSessions(db: Database, ctx: RequestContext, filter: SessionFilter, page: PageRequest, asked?: ReadonlySet<string>): Promise<SessionPage> {
  const after = afterKeyset(page);
  if (filter.from && filter.to && filter.to <= filter.from) throw new BadUserInputError('to', 'to must be after from');
  const where = new ListFilters()
    .where(filter.from, (p) => `s.starts_at >= ${p}::timestamptz`)
    .where(filter.to, (p) => `s.starts_at < ${p}::timestamptz`)
    .where(filter.kind, (p) => `s.kind = ${p}::text`)
    .where(filter.updatedSince, (p) => `s.updated_at >= ${p}::timestamptz`);
  if (after) where.add(`(s.starts_at, s.id) > (${where.parameter(after.at)}::timestamptz, ${where.parameter(after.id)}::uuid)`);
  const limit = where.parameter(page.first + 1);
  const visible = accessibleWhere(abilityOf(ctx), 'read', 'TreatmentSession', SESSION_COLUMNS, where.parameters.length);
  return db.withTenant(ctx, async (m) => {
    const rows = await selectSessions(
      m,
      `${where.sql} AND ${visible.sql} ORDER BY s.starts_at, s.id LIMIT ${limit}`,
      [...where.parameters, ...visible.params],
      policyCareTeamSql(ctx, 'TreatmentSession', 's'),
      fieldsToRead(ctx, asked),
    );
    const rems = !asked || asked.has('remsFormDue') ? await remsStatus(m, ctx, rows) : () => null;
    // The rows are this statement's own: each takes its REMS status in place, and readableView copies it once.
    const views = rows.map((row) => readableView(ctx, 'TreatmentSession', Object.assign(row, { remsFormDue: rems(row) })));
    const result = toKeysetPage(views, page.first, (row) => row.startsAt);
    await auditTreatmentReads(m, ctx, 'TreatmentSession', result.nodes, SESSION_AUDIT_FIELDS);
    return result;
  });
}

/** Esketamine dosing sessions owe the REMS form (as SessionService computes it, for many cases at once). */
async function remsStatus(m: EntityManager, ctx: RequestContext, rows: readonly SessionRow[]): Promise<(row: SessionRow) => string | null> {
  const caseIds = [...new Set(rows.filter((row) => row.kind === 'DOSING' && row.status === 'COMPLETED').map((row) => row.caseId))];
  if (caseIds.length === 0) return () => null;
  const plans = await m.query<{ caseId: string; route: Route }[]>(`SELECT case_id AS "caseId", route FROM treatment_plan WHERE case_id = ANY($1::uuid[]) AND superseded_at IS NULL`, [caseIds]);
  const esketamine = new Set(plans.filter((plan) => remsFormRequired(plan.route)).map((plan) => plan.caseId));
  if (esketamine.size === 0) return () => null;
  const { timezone } = await clinicSettings(m);
  return (row) =>
    esketamine.has(row.caseId) && row.kind === 'DOSING' && row.status === 'COMPLETED'
      ? remsFormDue(row.completedAt, row.remsSubmittedAt, ctx.clock.now(), { timeZone: timezone })
      : null;
}
