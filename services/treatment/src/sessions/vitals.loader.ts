import type { RequestContext } from '@tandem/core';
import { keyFilter } from '@tandem/db';
import type { Database } from '@tandem/db';
import { loaderFor } from '@tandem/graphql';
import DataLoader from 'dataloader';

export interface VitalsReadingView {
  readonly id: string;
  readonly sessionId: string;
  readonly takenAt: Date;
  readonly phase: 'PRE_DOSE' | 'DURING' | 'PRE_DISCHARGE';
  readonly systolic: number | null;
  readonly diastolic: number | null;
  readonly heartRate: number | null;
  readonly spo2: number | null;
  readonly flags: { kind: string; reason: string }[];
}

/**
 * Vitals readings by session id, in the order taken: one statement per request, whatever the
 * number of sessions. Only asked for sessions whose vitals the actor may read.
 */
export function vitalsOfSessions(ctx: RequestContext, db: Database): DataLoader<string, VitalsReadingView[]> {
  return loaderFor(ctx, 'treatment.sessionVitals', () =>
    new DataLoader<string, VitalsReadingView[]>(async (sessionIds) => {
      // A case's few sessions as a list of parameters, so the statement keeps its generic plan (keyFilter).
      const sessions = keyFilter('session_id', sessionIds);
      const rows = await db.withTenant(ctx, (m) =>
        m.query<VitalsReadingView[]>(
          `SELECT id, session_id AS "sessionId", taken_at AS "takenAt", phase, systolic, diastolic, heart_rate AS "heartRate", spo2, flags
           FROM vitals_reading WHERE ${sessions.sql} ORDER BY taken_at, id`,
          [...sessions.values],
        ),
      );
      const bySession = new Map<string, VitalsReadingView[]>(sessionIds.map((id) => [id, []]));
      for (const row of rows) bySession.get(row.sessionId)?.push(row);
      return sessionIds.map((id) => bySession.get(id) ?? []);
    }),
  );
}
