import type { Clock } from '@tandem/core';
import type { Database, EntityManager } from '@tandem/db';
import { QueueName } from '@tandem/jobs';
import type { JobProcessor, RecurringJob } from '@tandem/jobs';
import { SEAL_CONTENT_FORMAT, chainHash, eventContentSql } from './chain';

/** Every few seconds, one schedule for all workers (fixed id). */
export const AUDIT_SEAL: RecurringJob = { id: 'audit-seal', name: 'audit-seal', everyMs: 5_000 };

/** Events sealed per statement; a run seals at most MAX_BATCHES of them per clinic. */
const BATCH = 1_000;
const MAX_BATCHES = 20;

export function auditSealProcessor(db: Database, clock: Clock): JobProcessor {
  return {
    queue: QueueName.AuditSeal,
    concurrency: 1,
    schedules: [AUDIT_SEAL],
    async process() {
      await sealAll(db, clock);
    },
  };
}

/** Seals every clinic with events waiting in audit_unsealed; returns how many events it sealed. */
export async function sealAll(db: Database, clock: Clock): Promise<number> {
  const tenants = await db.asSystem('audit-seal', (m) =>
    m.query<{ id: string }[]>(`SELECT t.id FROM tenant t WHERE EXISTS (SELECT 1 FROM audit_unsealed u WHERE u.tenant_id = t.id) ORDER BY t.id`),
  );
  let sealed = 0;
  for (const { id } of tenants) sealed += await sealTenant(db, clock, id);
  return sealed;
}

/** Seals one clinic's waiting events, oldest first, a batch per transaction. */
export async function sealTenant(db: Database, clock: Clock, tenantId: string): Promise<number> {
  let sealed = 0;
  for (let batch = 0; batch < MAX_BATCHES; batch += 1) {
    const { taken, sealed: sealedNow } = await db.asSystem('audit-seal', (m) => sealBatch(m, tenantId, clock.now()));
    sealed += sealedNow;
    if (taken < BATCH) break;
  }
  return sealed;
}

interface Waiting {
  id: string;
  /** The queue row's time as PostgreSQL's text, so that it comes back to the microsecond (a Date keeps milliseconds). */
  queued_at: string;
  /** Null when the queue names no event of the clinic, or one already sealed: taken off, not sealed. */
  content: string | null;
}

interface Links {
  readonly ids: string[];
  readonly seqs: number[];
  readonly prevHashes: (string | null)[];
  readonly hashes: string[];
}

/** The chain extended from its last link over the waiting events that are to be sealed, in order. */
function chainAfter(last: { seq: string; hash: string } | undefined, events: readonly Waiting[]): Links {
  const links: Links = { ids: [], seqs: [], prevHashes: [], hashes: [] };
  let seq = last ? Number(last.seq) : 0;
  let prevHash = last?.hash ?? null;
  for (const event of events) {
    if (event.content === null) continue;
    seq += 1;
    const hash = chainHash(prevHash, event.content);
    links.ids.push(event.id);
    links.seqs.push(seq);
    links.prevHashes.push(prevHash);
    links.hashes.push(hash);
    prevHash = hash;
  }
  return links;
}

/**
 * One batch under the clinic's advisory lock (held by the sealer only, never by requests), so
 * two workers never extend the same chain at once: the next sequence number and the previous
 * hash are read after the lock is taken. The seals are appended and the events taken off the
 * queue in one statement, so an event is either waiting or sealed, never both or neither. A queue
 * row only the runtime role's INSERT grant could have put there (no such event, or one sealed
 * already) is taken off without a seal rather than stopping the clinic's chain.
 */
async function sealBatch(m: EntityManager, tenantId: string, now: Date): Promise<{ taken: number; sealed: number }> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('audit-seal:' || $1, 0))`, [tenantId]);
  const [last] = await m.query<{ seq: string; hash: string }[]>(`SELECT seq, hash FROM audit_seal WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1`, [tenantId]);
  const events = await m.query<Waiting[]>(
    `SELECT u.event_id AS id, u.occurred_at::text AS queued_at, e.content
     FROM audit_unsealed u LEFT JOIN LATERAL (
       SELECT ${eventContentSql(String(SEAL_CONTENT_FORMAT))} AS content FROM audit_event WHERE tenant_id = u.tenant_id AND id = u.event_id
         AND NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.tenant_id = u.tenant_id AND s.event_id = u.event_id)
     ) e ON true
     WHERE u.tenant_id = $1 ORDER BY u.occurred_at, u.event_id LIMIT $2`,
    [tenantId, BATCH],
  );
  if (events.length === 0) return { taken: 0, sealed: 0 };
  const { ids, seqs, prevHashes, hashes } = chainAfter(last, events);
  await m.query(
    `WITH sealed AS (
       INSERT INTO audit_seal (tenant_id, seq, event_id, prev_hash, hash, sealed_at, content_format)
       SELECT $1, v.seq, v.id, v.prev_hash, v.hash, $2, $9 FROM unnest($3::uuid[], $4::bigint[], $5::text[], $6::text[]) AS v (id, seq, prev_hash, hash)
     )
     DELETE FROM audit_unsealed u USING unnest($7::uuid[], $8::timestamptz[]) AS w (id, occurred_at)
     WHERE u.tenant_id = $1 AND u.occurred_at = w.occurred_at AND u.event_id = w.id`,
    [tenantId, now, ids, seqs, prevHashes, hashes, events.map((event) => event.id), events.map((event) => event.queued_at), SEAL_CONTENT_FORMAT],
  );
  return { taken: events.length, sealed: ids.length };
}
