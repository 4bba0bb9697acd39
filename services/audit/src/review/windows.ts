import type { AuditFilter } from './audit-log';

const HOUR_MS = 3_600_000;

/** How far back each window of the grouped-event scan reaches from the page's end: 1 hour to 3.7 years, then everything. */
export const REVIEW_WINDOWS_MS = [1, 8, 64, 512, 4_096, 32_768].map((hours) => hours * HOUR_MS);

/**
 * Where a page's windows end: its cursor, else the filter's `to`, never later than now (a `to`
 * in the future would only add windows with nothing in them; an event stamped a moment ahead by
 * another gateway's clock is still found, since a window bounds the scan from below only).
 */
export function pageEnd(cursorAt: Date | null | undefined, to: Date | null | undefined, now: Date): Date {
  const end = cursorAt ?? to ?? now;
  return end < now ? end : now;
}

/**
 * The first `limit` events (newest first) of `read`, asked with ever earlier window starts until
 * the answer cannot change by reaching further back: `limit` rows no older than the start, or a
 * start at or before the filter's `from`, or none (everything). Without a patient filter the
 * statement has no window and the first answer is the page.
 */
export async function newestInWindows<T extends { occurredAt: Date }>(
  filter: Pick<AuditFilter, 'patientId' | 'from'>,
  end: Date,
  limit: number,
  read: (since: Date | null) => Promise<T[]>,
): Promise<T[]> {
  const starts = filter.patientId ? REVIEW_WINDOWS_MS.map((span) => new Date(end.getTime() - span)) : [];
  for (const since of starts) {
    if (filter.from && since <= filter.from) break;
    const rows = await read(since);
    const oldest = rows[limit - 1];
    if (oldest && oldest.occurredAt >= since) return rows;
  }
  return read(null);
}
