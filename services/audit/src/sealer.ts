import type { Clock } from '@tandem/core';
import type { Database, EntityManager } from '@tandem/db';
import { QueueName } from '@tandem/jobs';
import type { JobProcessor, RecurringJob } from '@tandem/jobs';
import { EVENT_CONTENT_SQL, chainHash } from './chain';

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

/** Seals every clinic with unsealed events; returns how many events it sealed. */
export async function sealAll(db: Database, clock: Clock): Promise<number> {
  const tenants = await db.asSystem('audit-seal', (m) =>
    m.query<{ id: string }[]>(`SELECT t.id FROM tenant t WHERE EXISTS (SELECT 1 FROM audit_event e WHERE e.tenant_id = t.id AND e.seq IS NULL) ORDER BY t.id`),
  );
  let sealed = 0;
  for (const { id } of tenants) sealed += await sealTenant(db, clock, id);
  return sealed;
}

/** Seals one clinic's unsealed events, oldest first, a batch per transaction. */
export async function sealTenant(db: Database, clock: Clock, tenantId: string): Promise<number> {
  let sealed = 0;
  for (let batch = 0; batch < MAX_BATCHES; batch += 1) {
    const count = await db.asSystem('audit-seal', (m) => sealBatch(m, tenantId, clock.now()));
    sealed += count;
    if (count < BATCH) break;
  }
  return sealed;
}

/**
 * One batch under the clinic's advisory lock (held by the sealer only, never by requests), so
 * two workers never extend the same chain at once: the next sequence number and the previous
 * hash are read after the lock is taken.
 */
async function sealBatch(m: EntityManager, tenantId: string, now: Date): Promise<number> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('audit-seal:' || $1, 0))`, [tenantId]);
  const [last] = await m.query<{ seq: string; hash: string }[]>(
    `SELECT seq, hash FROM audit_event WHERE tenant_id = $1 AND seq IS NOT NULL ORDER BY seq DESC LIMIT 1`,
    [tenantId],
  );
  const events = await m.query<{ id: string; content: string }[]>(
    `SELECT id, ${EVENT_CONTENT_SQL} AS content FROM audit_event WHERE tenant_id = $1 AND seq IS NULL ORDER BY occurred_at, id LIMIT $2`,
    [tenantId, BATCH],
  );
  if (events.length === 0) return 0;
  let seq = last ? Number(last.seq) : 0;
  let prevHash = last?.hash ?? null;
  const ids: string[] = [];
  const seqs: number[] = [];
  const prevHashes: (string | null)[] = [];
  const hashes: string[] = [];
  for (const event of events) {
    seq += 1;
    const hash = chainHash(prevHash, event.content);
    ids.push(event.id);
    seqs.push(seq);
    prevHashes.push(prevHash);
    hashes.push(hash);
    prevHash = hash;
  }
  await m.query(
    `UPDATE audit_event e SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash, sealed_at = $2
     FROM unnest($3::uuid[], $4::bigint[], $5::text[], $6::text[]) AS v (id, seq, prev_hash, hash)
     WHERE e.tenant_id = $1 AND e.id = v.id`,
    [tenantId, now, ids, seqs, prevHashes, hashes],
  );
  return events.length;
}
