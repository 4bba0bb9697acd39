import type { Database, EntityManager } from '@tandem/db';
import { chainHash, eventContentSql } from './chain';

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
  /** Events neither sealed nor waiting for the sealer: taken off its queue by hand, so never chained. */
  readonly unchained: number;
  /** The first link that does not hold, or null when the whole chain does. */
  readonly broken: BrokenLink | null;
}

const PAGE = 5_000;

interface SealedEvent {
  id: string;
  seq: string;
  prev_hash: string | null;
  hash: string;
  /** Null when the sealed event is no longer in audit_event. */
  content: string | null;
}

/** One snapshot: the sealer moves an event from the queue to the chain in one transaction. */
const COUNTS = `
  SELECT (SELECT count(*) FROM audit_seal WHERE tenant_id = $1)::int AS sealed,
         (SELECT count(*) FROM audit_unsealed WHERE tenant_id = $1)::int AS unsealed,
         (SELECT count(*) FROM audit_event e WHERE e.tenant_id = $1
            AND NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.tenant_id = e.tenant_id AND s.event_id = e.id)
            AND NOT EXISTS (SELECT 1 FROM audit_unsealed u WHERE u.tenant_id = e.tenant_id AND u.occurred_at = e.occurred_at AND u.event_id = e.id))::int AS unchained`;

/**
 * Recomputes a clinic's chain from its first seal: every sequence number follows the previous
 * one, every prev_hash is the previous seal's hash, and every hash is that of its event's
 * content now. Reports the first link that fails. `tenant` is the clinic's id or slug.
 */
export async function verifyChain(db: Database, tenant: string): Promise<ChainReport> {
  return db.asSystem('audit-seal', async (m) => {
    const tenantId = await tenantIdOf(m, tenant);
    const [counts] = await m.query<{ sealed: number; unsealed: number; unchained: number }[]>(COUNTS, [tenantId]);
    return { tenantId, sealed: counts?.sealed ?? 0, unsealed: counts?.unsealed ?? 0, unchained: counts?.unchained ?? 0, broken: await firstBrokenLink(m, tenantId) };
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
    const links = await m.query<SealedEvent[]>(
      `SELECT s.event_id AS id, s.seq, s.prev_hash, s.hash, e.content
       FROM audit_seal s LEFT JOIN LATERAL (SELECT ${eventContentSql('s.content_format')} AS content FROM audit_event WHERE tenant_id = s.tenant_id AND id = s.event_id) e ON true
       WHERE s.tenant_id = $1 AND s.seq >= $2 ORDER BY s.seq LIMIT $3`,
      [tenantId, expected, PAGE],
    );
    for (const link of links) {
      const problem = linkProblem(link, expected, prevHash);
      if (problem) return { seq: Number(link.seq), eventId: link.id, problem };
      expected += 1;
      prevHash = link.hash;
    }
    if (links.length < PAGE) return null;
  }
}

function linkProblem(link: SealedEvent, expected: number, prevHash: string | null): string | null {
  if (Number(link.seq) !== expected) return `sequence gap: expected seq ${expected}, found ${link.seq} (a seal was deleted or renumbered)`;
  if (link.prev_hash !== prevHash) return `prev_hash is not the hash of seq ${expected - 1} (seals were reordered or replaced)`;
  if (link.content === null) return 'the sealed event is missing (it was deleted after sealing)';
  if (chainHash(prevHash, link.content) !== link.hash) return 'hash does not match the content (a column of this event was changed after sealing)';
  return null;
}
