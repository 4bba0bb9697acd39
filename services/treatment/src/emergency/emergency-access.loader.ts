import type { RequestContext } from '@tandem/core';
import { canSee, readableView } from '@tandem/authz';
import type { Database } from '@tandem/db';
import { loaderFor } from '@tandem/graphql';
import DataLoader from 'dataloader';
import { findGrants } from './emergency-record';
import type { EmergencyAccessView } from './emergency-record';

/** Each case's emergency grants, newest first, as far as the actor may see them: one statement per page of cases. */
export function emergencyAccessesOfCases(ctx: RequestContext, db: Database): DataLoader<string, EmergencyAccessView[]> {
  return loaderFor(
    ctx,
    'treatment.emergencyAccesses',
    () =>
      new DataLoader<string, EmergencyAccessView[]>(async (caseIds) => {
        const rows = await db.withTenant(ctx, (m) => findGrants(m, ctx.clock.now(), `e.case_id = ANY($1::uuid[]) ORDER BY e.id DESC`, [caseIds]));
        return caseIds.map((caseId) => rows.filter((row) => row.caseId === caseId && canSee(ctx, 'EmergencyAccess', row)).map((row) => readableView(ctx, 'EmergencyAccess', row)));
      }),
  );
}
