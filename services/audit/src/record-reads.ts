import { newId } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import { CommitGroup, gatheredAtCommit, isSharedRead } from '@tandem/db';
import type { EntityManager, Statement } from '@tandem/db';
import { actorOf } from './actor';
import { groupReads } from './group-reads';

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
 * Audits the records read, inside the caller's transaction: the read and its record commit
 * together. Every record is named; reads of one subject type with the same fields, in one
 * request, share one event (see groupReads), so a page of 100 costs one row, not 100.
 */
export async function recordReads(m: EntityManager, ctx: RequestContext, reads: readonly AuditRead[]): Promise<void> {
  await appendEvents(
    m,
    ctx,
    reads.map((read) => ({ subjectType: read.subjectType, subjectId: read.subjectId, caseId: read.caseId, patientId: read.patientId, fields: read.fields, action: 'read', outcome: 'ALLOWED' })),
  );
}

/** A request's events, gathered while its query runs. */
interface Gathered {
  readonly ctx: RequestContext;
  readonly entries: AuditEntry[];
}

/** Read events of several requests of one tenant, appended in one statement (group-commit.ts in @tandem/db). */
const READ_EVENTS = new CommitGroup<Gathered>((requests) => eventsInsert(requests));

/**
 * Appends events to the audit trail in the caller's transaction. In a query's shared transaction
 * (packages/db, request-transaction.ts) they are gathered and appended in one INSERT as it
 * commits — a dashboard's dozen resolvers and loaders used to send one INSERT each — together
 * with those of other requests of the clinic ending at the same time (group commit); the answer
 * waits for that INSERT's commit and is withheld if it fails, so no read goes out unrecorded.
 * Anywhere else they are appended now.
 */
export async function appendEvents(m: EntityManager, ctx: RequestContext, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0 || !ctx.tenantId) return;
  if (!isSharedRead(m)) return insertEvents(m, ctx, entries);
  gatheredAtCommit(m, READ_EVENTS, (): Gathered => ({ ctx, entries: [] })).entries.push(...entries);
}

/**
 * The list's first element when every element is that one (no NULL among them), else NULL: the
 * case or patient that all the records of an event share. `<@` finds a NULL in no array.
 */
const firstIfAllSame = (list: string) => `CASE WHEN ${list} <@ ARRAY[${list}[1]] THEN ${list}[1] END`;

/**
 * Appends events in one INSERT; a record whose patient the caller does not know takes its case's
 * patient. What is the same for the whole request (tenant, actor, time, request, address) is sent
 * once; what varies, as one array per column, per record and per event: a page of 100 reads is
 * 18 parameters, not 1,700 (a VALUES list that size cost PostgreSQL more to parse than to insert).
 * An event of one record sets subject_id, case_id and patient_id; an event of several lists them
 * in subject_ids, case_ids and patient_ids, and sets case_id and patient_id when all share one.
 * An event of several patients' records is listed by patient in audit_event_patient when it is
 * sealed (migration 1766700000000), not here: appending those rows was about a third of
 * PostgreSQL's time on a partner sync.
 */
async function insertEvents(m: EntityManager, ctx: RequestContext, entries: readonly AuditEntry[]): Promise<void> {
  const insert = eventsInsert([{ ctx, entries }]);
  await m.query(insert.sql, insert.parameters);
}

/** What eventsInsert reads of a request's context. */
export type AppendingContext = Pick<RequestContext, 'tenantId' | 'principal' | 'clock' | 'requestId' | 'client'>;

/**
 * The one INSERT of insertEvents, as text and parameters, for one request's events or for those of
 * several requests of one tenant (group commit): who, when and from where are then per event.
 * Exported for `pnpm bench:uuid-lists`, which sends it as the gateway does.
 */
export function eventsInsert(requests: readonly { readonly ctx: AppendingContext; readonly entries: readonly AuditEntry[] }[]): Statement {
  const tenantId = requests[0]?.ctx.tenantId;
  if (!tenantId || requests.some((request) => request.ctx.tenantId !== tenantId)) throw new Error('eventsInsert: the events of one tenant');
  const events = requests.flatMap(({ ctx, entries }) => {
    const actor = actorOf(ctx);
    const at = ctx.clock.now();
    return groupReads(entries, new Set(actor.emergencyCaseIds)).map((group) => ({ ctx, actor, at, group }));
  });
  const records = events.flatMap((event, index) => event.group.records.map((record) => ({ event: index + 1, ...record })));
  const perRecord = <T>(pick: (record: (typeof records)[number]) => T) => records.map(pick);
  const perEvent = <T>(pick: (event: (typeof events)[number]) => T) => events.map(pick);
  return {
    sql: `WITH record AS MATERIALIZED (
       SELECT r.event, r.ord, r.subject_id, r.case_id,
              COALESCE(r.patient_id, (SELECT c.patient_id FROM clinical_case c WHERE c.tenant_id = $1::uuid AND c.id = r.case_id)) AS patient_id
       FROM unnest($2::int[], $3::uuid[], $4::uuid[], $5::uuid[]) WITH ORDINALITY AS r (event, subject_id, case_id, patient_id, ord)
     ), grouped AS (
       SELECT event, count(*) AS n, array_agg(subject_id ORDER BY ord) AS subject_ids, array_agg(case_id ORDER BY ord) AS case_ids,
              array_agg(patient_id ORDER BY ord) AS patient_ids
       FROM record GROUP BY event
     )
     INSERT INTO audit_event (tenant_id, id, occurred_at, actor_kind, actor_id, acting_roles, request_id, ip, user_agent,
                              action, subject_type, subject_id, case_id, fields, outcome, emergency, patient_id, subject_ids, case_ids, patient_ids)
     SELECT $1::uuid, e.id, e.occurred_at, e.actor_kind, e.actor_id, string_to_array(e.roles, ','), e.request_id, e.ip, e.user_agent,
            e.action, e.subject_type, CASE WHEN g.n = 1 THEN g.subject_ids[1] END, ${firstIfAllSame('g.case_ids')},
            string_to_array(e.fields, ','), e.outcome, e.emergency, ${firstIfAllSame('g.patient_ids')},
            CASE WHEN g.n > 1 THEN g.subject_ids END, CASE WHEN g.n > 1 THEN g.case_ids END, CASE WHEN g.n > 1 THEN g.patient_ids END
     FROM unnest($6::uuid[], $7::timestamptz[], $8::text[], $9::uuid[], $10::text[], $11::text[], $12::text[], $13::text[],
                 $14::text[], $15::text[], $16::text[], $17::text[], $18::boolean[]) WITH ORDINALITY
          AS e (id, occurred_at, actor_kind, actor_id, roles, request_id, ip, user_agent, action, subject_type, fields, outcome, emergency, event)
     JOIN grouped g ON g.event = e.event`,
    parameters: [
      tenantId,
      perRecord((record) => record.event),
      perRecord((record) => record.subjectId),
      perRecord((record) => record.caseId),
      perRecord((record) => record.patientId),
      perEvent(() => newId()),
      perEvent((event) => event.at),
      perEvent((event) => event.actor.kind),
      perEvent((event) => event.actor.id),
      // Role names are identifiers (as field names below): no comma in any of them.
      perEvent((event) => event.actor.roles?.join(',') ?? null),
      perEvent((event) => event.ctx.requestId),
      perEvent((event) => event.ctx.client.ip),
      perEvent((event) => event.ctx.client.userAgent),
      perEvent((event) => event.group.entry.action),
      perEvent((event) => event.group.entry.subjectType),
      perEvent((event) => event.group.entry.fields.join(',')),
      perEvent((event) => event.group.entry.outcome),
      perEvent((event) => event.group.emergency),
    ],
  };
}
