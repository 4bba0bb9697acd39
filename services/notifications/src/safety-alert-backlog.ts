import { readBacklog } from '@tandem/db';
import type { Backlog, EntityManager } from '@tandem/db';

/**
 * For the operators' gauges, across every clinic: open (unacknowledged) safety signals without a
 * SAFETY_ALERT inbox entry. A signal acknowledged before its alert arrived was handled, so it no
 * longer counts. Needs a system transaction (it reads every clinic).
 */
export function safetyAlertBacklog(m: EntityManager, now: Date): Promise<Backlog> {
  return readBacklog(
    m,
    `SELECT count(*)::int AS waiting, min(s.opened_at) AS oldest FROM safety_signal s
     WHERE s.acknowledged_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.tenant_id = s.tenant_id AND n.kind = 'SAFETY_ALERT' AND n.subject_id = s.id)`,
    now,
  );
}
