import { readBacklog } from '@tandem/db';
import type { Backlog, EntityManager } from '@tandem/db';

/**
 * For the operators' gauges, across every clinic: audit events waiting for the sealer in
 * audit_unsealed (sealer.ts, every 5 s), and how long the oldest has waited. A growing age means the chain, and
 * so tamper evidence, lags the trail. Needs a system transaction.
 */
export function unsealedBacklog(m: EntityManager, now: Date): Promise<Backlog> {
  return readBacklog(m, `SELECT count(*)::int AS waiting, min(occurred_at) AS oldest FROM audit_unsealed`, now);
}
