import { newId } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import type { EntityManager } from '@tandem/db';

export interface AuditRead {
  readonly subjectType: string;
  readonly subjectId: string;
  readonly caseId: string | null;
  /** Names of the fields returned, never their values. */
  readonly fields: readonly string[];
}

/**
 * Appends one audit event per record read, in one INSERT, inside the caller's transaction: the
 * read and its record commit together, and a page of 100 costs one statement, not 100.
 */
export async function recordReads(m: EntityManager, ctx: RequestContext, reads: readonly AuditRead[]): Promise<void> {
  if (reads.length === 0 || !ctx.tenantId) return;
  const actorId = ctx.principal.kind === 'user' ? ctx.principal.userId : ctx.principal.kind === 'partner' ? ctx.principal.apiKeyId : null;
  const now = ctx.clock.now();
  const params: unknown[] = [];
  const rows = reads.map((read) => {
    const values = [ctx.tenantId, newId(), now, ctx.principal.kind, actorId, 'read', read.subjectType, read.subjectId, read.caseId, read.fields, 'ALLOWED', ctx.requestId, ctx.client.ip, ctx.client.userAgent];
    const placeholders = values.map((value) => {
      params.push(value);
      return `$${params.length}`;
    });
    return `(${placeholders.join(', ')})`;
  });
  await m.query(
    `INSERT INTO audit_event (tenant_id, id, occurred_at, actor_kind, actor_id, action, subject_type, subject_id, case_id, fields, outcome, request_id, ip, user_agent) VALUES ${rows.join(', ')}`,
    params,
  );
}
