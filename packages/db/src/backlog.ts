import type { EntityManager } from 'typeorm';

/** Work waiting somewhere, for an operator's gauge: how much, and how long the oldest has waited. */
export interface Backlog {
  readonly waiting: number;
  /** Seconds since the oldest waiting item, by the caller's clock; 0 when nothing waits. */
  readonly oldestAgeSeconds: number;
}

/**
 * Runs `sql`, which answers one row of `waiting` (a count) and `oldest` (a timestamp or NULL),
 * and turns it into a Backlog at `now`. Counts and an age only: nothing that names a clinic, a
 * patient or a record leaves it.
 */
export async function readBacklog(m: EntityManager, sql: string, now: Date): Promise<Backlog> {
  const [row] = await m.query<{ waiting: number; oldest: Date | null }[]>(sql);
  const oldest = row?.oldest ? new Date(row.oldest) : null;
  return { waiting: row?.waiting ?? 0, oldestAgeSeconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0 };
}
