import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError, isUuid, newId } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import { abilityOf, accessibleWhere, assertCan, conditionsReadAnywhere, readableView, subjectOf, visibleOrNotFound } from '@tandem/authz';
import { ListFilters, isSharedRead, readOnce } from '@tandem/db';
import type { Database, EntityManager } from '@tandem/db';
import { afterId, toPage } from '@tandem/graphql';
import type { Page, PageRequest } from '@tandem/graphql';
import { findPatients } from '../patients/patient-record';
import { caseEvents, recordCaseEvent } from '../timeline/timeline';
import type { CaseEventView } from '../timeline/timeline';
import { CASE_COLUMNS, CASE_POLICY_FIELDS, INDICATIONS, findCases } from './case-record';
import type { CaseView, Indication } from './case-record';
import { auditCaseReads, auditTimelineRead } from './audit-reads';

export interface OpenCaseInput {
  readonly patientId: string;
  readonly indication: Indication;
  readonly indicationOther?: string | null;
  readonly referralSource?: string | null;
}

export interface CaseFilter {
  readonly statuses?: readonly string[] | null;
  readonly indication?: Indication | null;
  /** Cases whose active care team includes this membership. */
  readonly teamMemberId?: string | null;
  /** Cases whose active care team includes the actor. */
  readonly mine?: boolean | null;
  readonly newestFirst?: boolean | null;
  /** Cases changed at or after this time (what partners sync by). */
  readonly updatedSince?: Date | null;
}

/** Opening, reading and listing cases. Lists are filtered by the policy in SQL. */
export class CaseService {
  constructor(private readonly db: Database) {}

  async open(ctx: RequestContext, input: OpenCaseInput): Promise<CaseView> {
    const indicationOther = validIndication(input.indication, input.indicationOther);
    const referralSource = input.referralSource?.trim() || null;
    if (referralSource && referralSource.length > 200) throw new BadUserInputError('referralSource', 'At most 200 characters');
    return this.db.withTenant(ctx, async (m) => {
      assertCan(ctx, 'create', 'Case', { tenantId: ctx.tenantId });
      const [patient] = isUuid(input.patientId) ? await findPatients(m, 'p.id = $1', [input.patientId]) : [];
      visibleOrNotFound(ctx, 'Patient', patient);
      const [open] = await m.query<unknown[]>(`SELECT 1 FROM clinical_case WHERE patient_id = $1 AND status NOT IN ('CLOSED', 'WITHDRAWN')`, [input.patientId]);
      if (open) throw new ConflictError('The patient already has an open case', { field: 'patientId' });
      const id = newId();
      const now = ctx.clock.now();
      await m.query(
        `INSERT INTO clinical_case (tenant_id, id, patient_id, indication, indication_other, referral_source, status, opened_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'REFERRAL', $7, $7)`,
        [ctx.tenantId, id, input.patientId, input.indication, indicationOther, referralSource, now],
      );
      await recordCaseEvent(m, ctx, id, 'CASE_OPENED', { status: 'REFERRAL' });
      return readableView(ctx, 'Case', await this.load(m, id));
    });
  }

  async get(ctx: RequestContext, id: string): Promise<CaseView> {
    return this.db.withTenant(ctx, async (m) => {
      const view = readableView(ctx, 'Case', visibleOrNotFound(ctx, 'Case', await find(m, id)));
      await auditCaseReads(m, ctx, [view]);
      return view;
    });
  }

  async list(ctx: RequestContext, filter: CaseFilter, page: PageRequest): Promise<Page<CaseView>> {
    const after = afterId(page);
    if (filter.indication && !abilityOf(ctx).can('read', 'Case', 'indication')) {
      throw new ForbiddenError('Not allowed to filter cases by indication', { field: 'indication' });
    }
    const teamMember = filter.mine && ctx.principal.kind === 'user' ? ctx.principal.membershipId : (filter.teamMemberId ?? null);
    if (teamMember !== null && !isUuid(teamMember)) throw new BadUserInputError('teamMemberId', 'Not a member id');
    const [cmp, order] = filter.newestFirst ? ['<', 'DESC'] : ['>', 'ASC'];
    const where = new ListFilters()
      .where(filter.statuses?.length ? filter.statuses : null, (p) => `c.status = ANY(${p}::text[])`)
      .where(filter.indication, (p) => `c.indication = ${p}::text`)
      .where(teamMember, (p) => `${p}::uuid = ANY(${CASE_COLUMNS.careTeamMembershipIds?.column ?? 'NULL'})`)
      .where(after, (p) => `c.id ${cmp} ${p}::uuid`)
      .where(filter.updatedSince, (p) => `c.updated_at >= ${p}::timestamptz`);
    const limit = where.parameter(page.first + 1);
    const visible = accessibleWhere(abilityOf(ctx), 'read', 'Case', CASE_COLUMNS, where.parameters.length);
    return this.db.withTenant(ctx, async (m) => {
      const rows = await findCases(
        m,
        `${where.sql} AND ${visible.sql} ORDER BY c.id ${order} LIMIT ${limit}`,
        [...where.parameters, ...visible.params],
        conditionsReadAnywhere(ctx, CASE_POLICY_FIELDS),
      );
      const result = toPage(
        rows.map((row) => readableView(ctx, 'Case', row)),
        page.first,
      );
      await auditCaseReads(m, ctx, result.nodes);
      return result;
    });
  }

  /** The case's events in order; readable by whoever may read the case's timeline. */
  async timeline(ctx: RequestContext, caseId: string, page: PageRequest): Promise<Page<CaseEventView>> {
    const after = afterId(page);
    return this.db.withTenant(ctx, async (m) => {
      const record = visibleOrNotFound(ctx, 'Case', await find(m, caseId));
      if (!abilityOf(ctx).can('read', subjectOf('Case', record), 'timeline')) throw new ForbiddenError('Not allowed to read this timeline');
      const events = toPage(await caseEvents(m, caseId, after, page.first + 1), page.first);
      if (events.nodes.length > 0) await auditTimelineRead(m, ctx, record);
      return events;
    });
  }

  private async load(m: EntityManager, id: string): Promise<CaseView> {
    const record = await find(m, id);
    if (!record) throw new NotFoundError('Case');
    return record;
  }
}

export async function find(m: EntityManager, id: string, lock = false): Promise<CaseView | undefined> {
  if (!isUuid(id)) return undefined;
  // The lock serves a write; a query's shared transaction writes no case, so it reads once instead.
  if (lock && !isSharedRead(m)) return (await findCases(m, `c.id = $1 FOR UPDATE OF c`, [id]))[0];
  return readOnce(m, `case:${id}`, async () => (await findCases(m, `c.id = $1`, [id]))[0]);
}

function validIndication(indication: Indication, other: string | null | undefined): string | null {
  if (!INDICATIONS.includes(indication)) throw new BadUserInputError('indication', 'Unknown indication');
  const text = other?.trim() || null;
  if (indication === 'OTHER' && !text) throw new BadUserInputError('indicationOther', 'Describe the indication when it is OTHER');
  if (indication !== 'OTHER' && text) throw new BadUserInputError('indicationOther', 'Only an OTHER indication takes a description');
  if (text && text.length > 200) throw new BadUserInputError('indicationOther', 'At most 200 characters');
  return text;
}
