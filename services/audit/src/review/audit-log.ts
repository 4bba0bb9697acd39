import { BadUserInputError, isUuid } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import { abilityOf, accessibleWhere } from '@tandem/authz';
import type { ColumnMap } from '@tandem/authz';
import type { Database, EntityManager } from '@tandem/db';
import { afterKeyset, toKeysetPage } from '@tandem/graphql';
import type { Page, PageRequest } from '@tandem/graphql';
import { appendEvents } from '../record-reads';
import { newestInWindows, pageEnd } from './windows';

export interface AuditFilter {
  readonly patientId?: string | null;
  readonly actorId?: string | null;
  readonly action?: string | null;
  readonly subjectType?: string | null;
  readonly from?: Date | null;
  readonly to?: Date | null;
  readonly deniedOnly?: boolean | null;
  readonly emergencyOnly?: boolean | null;
}

/** One record an event concerns (aligned: the record, its case, its patient). */
export interface AuditRecordView {
  subjectId: string | null;
  caseId: string | null;
  patientId: string | null;
}

export interface AuditEventView {
  id: string;
  occurredAt: Date;
  actorKind: string;
  actorId: string | null;
  actingRoles: string[] | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  caseId: string | null;
  patientId: string | null;
  /** One, or for a grouped read every record it covers (then subjectId is null). */
  records: AuditRecordView[];
  fields: string[];
  outcome: string;
  emergency: boolean;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
  seq: number | null;
  emergencyReason: string | null;
}

/** The policy's condition fields for AuditEvent, as SQL. */
const AUDIT_COLUMNS: ColumnMap = {
  id: { column: 'e.id', type: 'uuid' },
  tenantId: { column: 'e.tenant_id', type: 'uuid' },
};

const SELECT_EVENTS = `
  SELECT e.id, e.occurred_at AS "occurredAt", e.actor_kind AS "actorKind", e.actor_id AS "actorId", e.acting_roles AS "actingRoles", e.action,
         e.subject_type AS "subjectType", e.subject_id AS "subjectId", e.case_id AS "caseId", e.patient_id AS "patientId",
         CASE WHEN e.subject_ids IS NULL THEN jsonb_build_array(jsonb_build_object('subjectId', e.subject_id, 'caseId', e.case_id, 'patientId', e.patient_id))
         ELSE (SELECT jsonb_agg(jsonb_build_object('subjectId', r.s, 'caseId', r.c, 'patientId', r.p) ORDER BY r.i)
               FROM unnest(e.subject_ids, e.case_ids, e.patient_ids) WITH ORDINALITY AS r (s, c, p, i)) END AS records,
         e.fields, e.outcome,
         e.emergency, e.request_id AS "requestId", e.ip, e.user_agent AS "userAgent",
         (SELECT s.seq::int FROM audit_seal s WHERE s.tenant_id = e.tenant_id AND s.event_id = e.id) AS seq,
         (SELECT g.reason FROM emergency_access g JOIN membership ms ON ms.tenant_id = g.tenant_id AND ms.id = g.membership_id
          WHERE e.emergency AND g.tenant_id = e.tenant_id AND g.case_id = e.case_id AND ms.user_id = e.actor_id
            AND e.occurred_at >= g.granted_at AND e.occurred_at < g.expires_at
          ORDER BY g.granted_at DESC LIMIT 1) AS "emergencyReason"
  FROM audit_event e`;

/**
 * The filter as SQL over e (parameters from $1); every condition is optional. The patient's
 * condition is apart: an event of several patients' records has no patient_id and is found by
 * its patient_ids instead (see listAuditEvents).
 */
function whereOf(filter: AuditFilter): { patient: string; rest: string; params: unknown[] } {
  if (filter.patientId && !isUuid(filter.patientId)) throw new BadUserInputError('patientId', 'Not a patient id');
  if (filter.actorId && !isUuid(filter.actorId)) throw new BadUserInputError('actorId', 'Not a user or API key id');
  if (filter.from && filter.to && filter.to <= filter.from) throw new BadUserInputError('to', 'to must be after from');
  return {
    patient: '($1::uuid IS NULL OR e.patient_id = $1)',
    rest: `($2::uuid IS NULL OR e.actor_id = $2) AND ($3::text IS NULL OR e.action = $3)
      AND ($4::text IS NULL OR e.subject_type = $4) AND ($5::timestamptz IS NULL OR e.occurred_at >= $5) AND ($6::timestamptz IS NULL OR e.occurred_at < $6)
      AND (NOT $7::boolean OR e.outcome = 'DENIED') AND (NOT $8::boolean OR e.emergency)`,
    params: [
      filter.patientId ?? null, filter.actorId ?? null, filter.action ?? null, filter.subjectType ?? null, filter.from ?? null, filter.to ?? null,
      filter.deniedOnly ?? false, filter.emergencyOnly ?? false,
    ],
  };
}

const NEWEST_FIRST = 'ORDER BY e.occurred_at DESC, e.id DESC LIMIT $11';

/** The review queries, as the audit events of their own reads name them. */
export type AuditLogQuery = 'auditEvents' | 'patientAccessReport' | 'auditExport';

/**
 * Reading the trail is itself audited: who looked at whose accesses is what a privacy officer asks
 * next. One event per page or export, in the reading transaction, of subject type `AuditLog`,
 * naming the review query and the filters it used (never their values); a patient filter makes
 * the patient the event's patient (when the clinic has them), so the review shows up in that
 * patient's own access report.
 */
async function recordLogRead(m: EntityManager, ctx: RequestContext, query: AuditLogQuery, filter: AuditFilter): Promise<void> {
  const used = Object.entries(filter).filter(([, value]) => value !== null && value !== undefined && value !== false).map(([name]) => name);
  await appendEvents(m, ctx, [{ action: 'read', outcome: 'ALLOWED', subjectType: 'AuditLog', subjectId: null, caseId: null, patientId: await clinicPatient(m, filter.patientId), fields: [query, ...used] }]);
}

/**
 * The filter's patient if the clinic has them (RLS), else null: an id of another clinic's patient
 * is recorded like an id that exists nowhere, and is found by no later patient filter here.
 */
async function clinicPatient(m: EntityManager, patientId: string | null | undefined): Promise<string | null> {
  if (!patientId) return null;
  const [found] = await m.query<{ id: string }[]>(`SELECT p.id FROM patient p WHERE p.id = $1`, [patientId]);
  return found?.id ?? null;
}

/**
 * The clinic's audit log, newest first, keyset-paged by (occurredAt, id). RLS keeps it to the
 * clinic; the resolver admits admins only. By patient, the page merges two newest-first scans,
 * each stopped at the page size: the events that name the patient in patient_id
 * (audit_event_by_patient, read in index order), and the events of several patients' records
 * whose `patient_ids` name them (audit_event_grouped_patients, a GIN index: migration
 * 1767100000000). One condition with OR made PostgreSQL walk the clinic's whole trail by time (79
 * ms against 0.1 for a patient with one event in 250,000), hence two scans.
 *
 * A GIN index returns its events unordered, so the second scan is asked for one time window at a
 * time, ending where the page ends (pageEnd: its cursor, the filter's `to`, or now): an hour, then eight
 * times as long, and so on, until the page is full of events no older than the window's start,
 * or the window reaches the filter's `from`, or the whole trail. A patient a partner reads every
 * minute is answered from the last hour's events; one with a single grouped read years ago costs
 * seven statements, each a lookup in the index. Each statement sees its own snapshot, so an event
 * committed between two may appear on the page, as on a reload.
 */
export async function listAuditEvents(
  db: Database,
  ctx: RequestContext,
  query: Exclude<AuditLogQuery, 'auditExport'>,
  filter: AuditFilter,
  page: PageRequest,
): Promise<Page<AuditEventView> & { cursorOf: (node: AuditEventView) => string }> {
  const after = afterKeyset(page);
  const where = whereOf(filter);
  const visible = accessibleWhere(abilityOf(ctx), 'read', 'AuditEvent', AUDIT_COLUMNS, 11);
  const since = `$${12 + visible.params.length}::timestamptz`;
  const common = `${where.rest} AND ($9::timestamptz IS NULL OR (e.occurred_at, e.id) < ($9, $10::uuid)) AND ${visible.sql}`;
  const sql = filter.patientId
    ? `${SELECT_EVENTS} WHERE e.id IN (
         (SELECT e.id FROM audit_event e WHERE e.patient_id = $1 AND ${common} ${NEWEST_FIRST})
         UNION ALL
         (SELECT e.id FROM audit_event e
          WHERE e.patient_id IS NULL AND e.patient_ids @> ARRAY[$1::uuid] AND (${since} IS NULL OR e.occurred_at >= ${since}) AND ${common}
          ${NEWEST_FIRST}))
       ${NEWEST_FIRST}`
    : `${SELECT_EVENTS} WHERE ${where.patient} AND ${common} ${NEWEST_FIRST}`;
  const base = [...where.params, after?.at ?? null, after?.id ?? null, page.first + 1, ...visible.params];
  const parameters = (start: Date | null) => (filter.patientId ? [...base, start] : base);
  const rows = await db.withTenant(ctx, async (m) => {
    const found = await newestInWindows(filter, pageEnd(after?.at, filter.to, ctx.clock.now()), page.first + 1, (since) => m.query<AuditEventView[]>(sql, parameters(since)));
    await recordLogRead(m, ctx, query, filter);
    return found;
  });
  return toKeysetPage(rows, page.first, (row) => row.occurredAt);
}

export const EXPORT_MAX_DAYS = 31;
export const EXPORT_MAX_ROWS = 100_000;
const DAY_MS = 24 * 3_600_000;

/** Every event of [from, to) in time order, for the CSV export; refuses ranges beyond its bounds. */
export async function exportAuditEvents(db: Database, ctx: RequestContext, from: Date, to: Date): Promise<AuditEventView[]> {
  if (to <= from) throw new BadUserInputError('to', 'to must be after from');
  if (to.getTime() - from.getTime() > EXPORT_MAX_DAYS * DAY_MS) throw new BadUserInputError('to', `An export covers at most ${EXPORT_MAX_DAYS} days`);
  const visible = accessibleWhere(abilityOf(ctx), 'read', 'AuditEvent', AUDIT_COLUMNS, 3);
  const where = `e.occurred_at >= $1 AND e.occurred_at < $2 AND ${visible.sql}`;
  const params = [from, to, EXPORT_MAX_ROWS + 1, ...visible.params];
  return db.withTenant(ctx, async (m: EntityManager) => {
    // Counted first (an index-only scan, bounded), so a refusal never ships 100,000 rows to Node.
    const [counted] = await m.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM audit_event e WHERE ${where} LIMIT $3) bounded`, params);
    if ((counted?.n ?? 0) > EXPORT_MAX_ROWS) throw new BadUserInputError('to', `More than ${EXPORT_MAX_ROWS} events in this range: export a shorter one`);
    const events = await m.query<AuditEventView[]>(`${SELECT_EVENTS} WHERE ${where} ORDER BY e.occurred_at, e.id LIMIT $3`, params);
    await recordLogRead(m, ctx, 'auditExport', { from, to });
    return events;
  });
}
