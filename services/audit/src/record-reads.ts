import { newId } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import { atCommit, isSharedRead } from '@tandem/db';
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

/** An event the application appends (writes are appended by the database's triggers). */
export interface AuditEntry extends Omit<AuditRead, 'subjectId'> {
  readonly action: string;
  readonly outcome: 'ALLOWED' | 'DENIED';
  /** Null for a denied attempt on a record that does not exist (or that the check never loaded). */
  readonly subjectId: string | null;
}

/**
 * Appends one audit event per record read inside the caller's transaction: the read and its
 * record commit together. A page of 100 costs one statement, not 100, and a whole query request
 * one (see appendEvents).
 */
export async function recordReads(m: EntityManager, ctx: RequestContext, reads: readonly AuditRead[]): Promise<void> {
  await appendEvents(
    m,
    ctx,
    reads.map((read) => ({ ...read, action: 'read', outcome: 'ALLOWED' })),
  );
}

/** The events a query's shared transaction has gathered so far, appended when it commits. */
const gathered = new WeakMap<EntityManager, AuditEntry[]>();

/**
 * Appends events to the audit trail in the caller's transaction. In a query's shared transaction
 * (packages/db, request-transaction.ts) they are gathered and appended in one INSERT just before
 * it commits — a dashboard's dozen resolvers and loaders used to send one INSERT each; if that
 * INSERT fails, the transaction rolls back and the answer is withheld, so no read goes out
 * unrecorded. Anywhere else they are appended now.
 */
export async function appendEvents(m: EntityManager, ctx: RequestContext, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0 || !ctx.tenantId) return;
  if (!isSharedRead(m)) return insertEvents(m, ctx, entries);
  const batch = gathered.get(m);
  if (batch) {
    batch.push(...entries);
    return;
  }
  const first = [...entries];
  gathered.set(m, first);
  atCommit(m, async () => {
    gathered.delete(m);
    await insertEvents(m, ctx, first);
  });
}

/**
 * Appends events in one INSERT; one whose patient the caller does not know takes its case's
 * patient. What is the same for the whole request (tenant, actor, time, request, address) is sent
 * once; what varies per event, as one array per column: a page of 100 reads is 17 parameters, not
 * 1,700 (a VALUES list that size cost PostgreSQL more to parse than to insert).
 */
async function insertEvents(m: EntityManager, ctx: RequestContext, entries: readonly AuditEntry[]): Promise<void> {
  const actor = actorOf(ctx);
  const emergency = new Set(actor.emergencyCaseIds);
  const column = <T>(pick: (entry: AuditEntry) => T) => entries.map(pick);
  await m.query(
    `INSERT INTO audit_event (tenant_id, id, occurred_at, actor_kind, actor_id, acting_roles, request_id, ip, user_agent,
                              action, subject_type, subject_id, case_id, fields, outcome, emergency, patient_id)
     SELECT $1::uuid, e.id, $2::timestamptz, $3, $4::uuid, $5::text[], $6, $7, $8,
            e.action, e.subject_type, e.subject_id, e.case_id, string_to_array(e.fields, ','), e.outcome, e.emergency,
            COALESCE(e.patient_id, (SELECT c.patient_id FROM clinical_case c WHERE c.tenant_id = $1::uuid AND c.id = e.case_id))
     FROM unnest($9::uuid[], $10::text[], $11::text[], $12::uuid[], $13::uuid[], $14::text[], $15::text[], $16::boolean[], $17::uuid[])
          AS e (id, action, subject_type, subject_id, case_id, fields, outcome, emergency, patient_id)`,
    [
      ctx.tenantId, ctx.clock.now(), actor.kind, actor.id, actor.roles, ctx.requestId, ctx.client.ip, ctx.client.userAgent,
      column(() => newId()),
      column((entry) => entry.action),
      column((entry) => entry.subjectType),
      column((entry) => entry.subjectId),
      column((entry) => entry.caseId),
      // Field names are identifiers: no comma in any of them.
      column((entry) => entry.fields.join(',')),
      column((entry) => entry.outcome),
      column((entry) => entry.caseId !== null && emergency.has(entry.caseId)),
      column((entry) => entry.patientId ?? null),
    ],
  );
}
