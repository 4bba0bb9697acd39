import type { Clock } from '@tandem/core';
import type { Database } from '@tandem/db';

/** Safety signals whose first alert has not reached anyone's inbox yet, across every clinic. */
export interface SafetyAlertBacklog {
  readonly undelivered: number;
  /** How long the oldest of them has waited, by `clock`; 0 when there is none. */
  readonly oldestAgeSeconds: number;
}

/**
 * For the operators' gauges: open (unacknowledged) signals without a SAFETY_ALERT inbox entry.
 * A signal acknowledged before its alert arrived was handled, so it no longer counts. Counts and
 * an age only: nothing that names a clinic, a patient or a signal leaves this function.
 */
export async function safetyAlertBacklog(db: Database, clock: Clock): Promise<SafetyAlertBacklog> {
  const [row] = await db.asSystem('delivery-metrics', (m) =>
    m.query<{ undelivered: number; oldest: Date | null }[]>(
      `SELECT count(*)::int AS undelivered, min(s.opened_at) AS oldest FROM safety_signal s
       WHERE s.acknowledged_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.tenant_id = s.tenant_id AND n.kind = 'SAFETY_ALERT' AND n.subject_id = s.id)`,
    ),
  );
  const oldest = row?.oldest ? new Date(row.oldest) : null;
  return { undelivered: row?.undelivered ?? 0, oldestAgeSeconds: oldest ? Math.max(0, (clock.now().getTime() - oldest.getTime()) / 1000) : 0 };
}
