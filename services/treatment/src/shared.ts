import { isUuid } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import { visibleOrNotFound } from '@tandem/authz';
import { findCase } from '@tandem/cases';
import type { CaseView } from '@tandem/cases';
import type { EntityManager } from '@tandem/db';

/** The case a treatment record belongs to, locked, if the actor may see it (else NOT_FOUND). */
export async function visibleCase(m: EntityManager, ctx: RequestContext, caseId: string): Promise<CaseView> {
  return visibleOrNotFound(ctx, 'Case', await findCase(m, caseId, true));
}

/**
 * A case's records read beside the case itself: `read` is asked in the same turn as the case (so
 * both travel to PostgreSQL in one write, instead of the records waiting a round trip for the
 * case), and its rows are handed on only once the case is found visible. A refusal returns and
 * audits nothing, and both statements have ended before it is thrown. The id is checked first: a
 * malformed one would fail the request's whole transaction, so it is refused as visibleCase
 * refuses it (a denied read of no record), before anything is sent.
 */
export async function besideVisibleCase<T>(m: EntityManager, ctx: RequestContext, caseId: string, read: () => Promise<T>): Promise<{ record: CaseView; rows: T }> {
  if (!isUuid(caseId)) visibleOrNotFound(ctx, 'Case', undefined);
  const [record, rows] = await Promise.allSettled([visibleCase(m, ctx, caseId), read()]);
  if (record.status === 'rejected') throw record.reason;
  if (rows.status === 'rejected') throw rows.reason;
  return { record: record.value, rows: rows.value };
}

/** The acting member (treatment records are written by people, never by partner keys). */
export function actingMember(ctx: RequestContext): string {
  return ctx.principal.kind === 'user' ? ctx.principal.membershipId : '';
}

/** What the policy's conditions read on a record that belongs to a case. */
export function onCase(record: CaseView): { tenantId: string; caseId: string; careTeamMembershipIds: string[] } {
  return { tenantId: record.tenantId, caseId: record.id, careTeamMembershipIds: record.careTeamMembershipIds };
}
