import type { Database, EntityManager } from '@tandem/db';
import { EVENT_CONTENT_SQL, chainHash } from './chain';

export interface BrokenLink {
  readonly seq: number;
  readonly eventId: string;
  /** What differs, in words (never a field's value). */
  readonly problem: string;
}

export interface ChainReport {
  readonly tenantId: string;
  readonly sealed: number;
  readonly unsealed: number;
  /** The first link that does not hold, or null when the whole chain does. */
  readonly broken: BrokenLink | null;
}

const PAGE = 5_000;

interface SealedEvent {
  id: string;
  seq: string;
  prev_hash: string | null;
  hash: string;
  content: string;
}

/**
 * Recomputes a clinic's chain from its first event: every sequence number follows the previous
 * one, every prev_hash is the previous event's hash, and every hash is that of the event's
 * content now. Reports the first link that fails. `tenant` is the clinic's id or slug.
 */
export async function verifyChain(db: Database, tenant: string): Promise<ChainReport> {
  return db.asSystem('audit-seal', async (m) => {
    const tenantId = await tenantIdOf(m, tenant);
    const [counts] = await m.query<{ sealed: number; unsealed: number }[]>(
      `SELECT count(seq)::int AS sealed, (count(*) - count(seq))::int AS unsealed FROM audit_event WHERE tenant_id = $1`,
      [tenantId],
    );
    return { tenantId, sealed: counts?.sealed ?? 0, unsealed: counts?.unsealed ?? 0, broken: await firstBrokenLink(m, tenantId) };
  });
}

async function tenantIdOf(m: EntityManager, tenant: string): Promise<string> {
  const [row] = await m.query<{ id: string }[]>(`SELECT id FROM tenant WHERE id::text = $1 OR slug = $1`, [tenant]);
  if (!row) throw new Error(`No clinic has the id or slug "${tenant}"`);
  return row.id;
}

async function firstBrokenLink(m: EntityManager, tenantId: string): Promise<BrokenLink | null> {
  let expected = 1;
  let prevHash: string | null = null;
  for (;;) {
    const events = await m.query<SealedEvent[]>(
      `SELECT id, seq, prev_hash, hash, ${EVENT_CONTENT_SQL} AS content FROM audit_event
       WHERE tenant_id = $1 AND seq >= $2 ORDER BY seq LIMIT $3`,
      [tenantId, expected, PAGE],
    );
    for (const event of events) {
      const problem = linkProblem(event, expected, prevHash);
      if (problem) return { seq: Number(event.seq), eventId: event.id, problem };
      expected += 1;
      prevHash = event.hash;
    }
    if (events.length < PAGE) return null;
  }
}

function linkProblem(event: SealedEvent, expected: number, prevHash: string | null): string | null {
  if (Number(event.seq) !== expected) return `sequence gap: expected seq ${expected}, found ${event.seq} (an event was deleted or renumbered)`;
  if (event.prev_hash !== prevHash) return `prev_hash is not the hash of seq ${expected - 1} (events were reordered or replaced)`;
  if (chainHash(prevHash, event.content) !== event.hash) return 'hash does not match the content (a column of this event was changed after sealing)';
  return null;
}
