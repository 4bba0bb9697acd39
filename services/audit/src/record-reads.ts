import { newId } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import type { EntityManager } from '@tandem/db';
import { actorOf } from './actor';

export interface AuditRead {
  readonly subjectType: string;
  readonly subjectId: string;
  readonly caseId: string | null;
  /** The patient whose record this is, when the reader knows it (else derived from the case). */
  readonly patientId?: string | null;
  /** Names of the fields returned, never their values. */
  readonly fields: readonly string[];
}

/** The columns a read writes, with their types (the VALUES list's parameters are untyped). */
const COLUMNS = {
  tenant_id: 'uuid', id: 'uuid', occurred_at: 'timestamptz', actor_kind: 'text', actor_id: 'uuid', acting_roles: 'text[]', action: 'text', subject_type: 'text',
  subject_id: 'uuid', case_id: 'uuid', fields: 'text[]', outcome: 'text', request_id: 'text', ip: 'text', user_agent: 'text', emergency: 'boolean', patient_id: 'uuid',
} as const;
const NAMES = Object.keys(COLUMNS);
const TYPES = Object.values(COLUMNS);

/** An event the application appends (writes are appended by the database's triggers). */
export interface AuditEntry extends Omit<AuditRead, 'subjectId'> {
  readonly action: string;
  readonly outcome: 'ALLOWED' | 'DENIED';
  /** Null for a denied attempt on a record that does not exist (or that the check never loaded). */
  readonly subjectId: string | null;
}

/**
 * Appends one audit event per record read, in one INSERT, inside the caller's transaction: the
 * read and its record commit together, and a page of 100 costs one statement, not 100.
 */
export async function recordReads(m: EntityManager, ctx: RequestContext, reads: readonly AuditRead[]): Promise<void> {
  await appendEvents(
    m,
    ctx,
    reads.map((read) => ({ ...read, action: 'read', outcome: 'ALLOWED' })),
  );
}

/** Appends events in one INSERT; one whose patient the caller does not know takes its case's patient. */
export async function appendEvents(m: EntityManager, ctx: RequestContext, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0 || !ctx.tenantId) return;
  const actor = actorOf(ctx);
  const emergency = new Set(actor.emergencyCaseIds);
  const now = ctx.clock.now();
  const params: unknown[] = [];
  const rows = entries.map((read) => {
    const values = [
      ctx.tenantId, newId(), now, actor.kind, actor.id, actor.roles, read.action, read.subjectType, read.subjectId, read.caseId, read.fields, read.outcome,
      ctx.requestId, ctx.client.ip, ctx.client.userAgent, read.caseId !== null && emergency.has(read.caseId), read.patientId ?? null,
    ];
    const placeholders = values.map((value, index) => {
      params.push(value);
      return `$${params.length}::${TYPES[index] ?? 'text'}`;
    });
    return `(${placeholders.join(', ')})`;
  });
  const patientOfCase = `COALESCE(r.patient_id, (SELECT c.patient_id FROM clinical_case c WHERE c.tenant_id = r.tenant_id AND c.id = r.case_id))`;
  const selected = NAMES.map((column) => (column === 'patient_id' ? patientOfCase : `r.${column}`));
  await m.query(
    `INSERT INTO audit_event (${NAMES.join(', ')})
     SELECT ${selected.join(', ')} FROM (VALUES ${rows.join(', ')}) AS r (${NAMES.join(', ')})`,
    params,
  );
}
