import type { DeniedSubject, RequestContext } from '@tandem/core';
import type { Database } from '@tandem/db';
import { appendEvents } from './record-reads';

/**
 * Records refused attempts (NOT_FOUND / FORBIDDEN raised by the permission checks) in a small
 * transaction of their own: the request's transaction may be rolling back, the refusal must stay.
 * `db.inRequest` gives the write a fresh request scope, so it never joins a query's shared
 * transaction.
 */
export async function recordDenials(db: Database, ctx: RequestContext, denials: readonly DeniedSubject[]): Promise<void> {
  if (denials.length === 0 || !ctx.tenantId) return;
  await db.inRequest(async (request) => {
    try {
      await db.withTenant(ctx, (m) =>
        appendEvents(
          m,
          ctx,
          denials.map((denial) => ({
            action: denial.action,
            outcome: 'DENIED',
            subjectType: denial.type,
            subjectId: denial.id,
            caseId: denial.caseId,
            patientId: denial.patientId,
            fields: [],
          })),
        ),
      );
    } finally {
      await request.end(true);
    }
  });
}
