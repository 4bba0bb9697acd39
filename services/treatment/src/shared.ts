import type { RequestContext } from '@tandem/core';
import { visibleOrNotFound } from '@tandem/authz';
import { findCase } from '@tandem/cases';
import type { CaseView } from '@tandem/cases';
import type { EntityManager } from '@tandem/db';

/** The case a treatment record belongs to, locked, if the actor may see it (else NOT_FOUND). */
export async function visibleCase(m: EntityManager, ctx: RequestContext, caseId: string): Promise<CaseView> {
  return visibleOrNotFound(ctx, 'Case', await findCase(m, caseId, true));
}

/** The acting member (treatment records are written by people, never by partner keys). */
export function actingMember(ctx: RequestContext): string {
  return ctx.principal.kind === 'user' ? ctx.principal.membershipId : '';
}

/** What the policy's conditions read on a record that belongs to a case. */
export function onCase(record: CaseView): { tenantId: string; caseId: string; careTeamMembershipIds: string[] } {
  return { tenantId: record.tenantId, caseId: record.id, careTeamMembershipIds: record.careTeamMembershipIds };
}
