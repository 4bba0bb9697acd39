import type { DeniedSubject, RequestContext } from '@tandem/core';
import type { Database } from '@tandem/db';
import { appendEvents } from './record-reads';

/**
 * Records refused attempts (NOT_FOUND / FORBIDDEN raised by the permission checks) once the
 * operation has run. A mutation's writes have each committed or rolled back by then, so the
 * refusal gets a small transaction of its own and stays whatever happened to them. A query's
 * shared transaction is still open and is joined: a refusal is no failed statement, so it
 * commits with the query's read events (if a statement did fail, nothing of the request is sent).
 * Opening a second transaction there would hold two pooled connections per request, and a burst
 * of refused queries could then wait on each other for the pool forever.
 */
export async function recordDenials(db: Database, ctx: RequestContext, denials: readonly DeniedSubject[]): Promise<void> {
  if (denials.length === 0 || !ctx.tenantId) return;
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
}
