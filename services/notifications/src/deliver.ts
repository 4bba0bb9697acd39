import { newId } from '@tandem/core';
import type { Database, EntityManager } from '@tandem/db';
import type { EventHandler, RelayedPayload } from '@tandem/jobs';

type Kind = 'MENTION' | 'SAFETY_ALERT';

interface Delivery {
  readonly membershipId: string;
  readonly kind: Kind;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly caseId: string | null;
}

/** Who hears of what. Safety signals reach the case's prescribers of record and therapists. */
async function deliveriesFor(m: EntityManager, job: RelayedPayload): Promise<Delivery[]> {
  const { ids } = job;
  switch (job.topic) {
    case 'note.mentioned':
      return ids.membershipId && ids.noteId ? [{ membershipId: ids.membershipId, kind: 'MENTION', subjectType: 'Note', subjectId: ids.noteId, caseId: ids.caseId ?? null }] : [];
    case 'safety.signal_opened': {
      const team = await m.query<{ membership_id: string }[]>(
        `SELECT DISTINCT membership_id FROM care_team_member
         WHERE case_id = $1 AND removed_at IS NULL AND case_role IN ('PRESCRIBER_OF_RECORD', 'LEAD_THERAPIST', 'CO_THERAPIST')`,
        [ids.caseId],
      );
      return team.map((row) => ({ membershipId: row.membership_id, kind: 'SAFETY_ALERT', subjectType: 'SafetySignal', subjectId: ids.safetySignalId ?? '', caseId: ids.caseId ?? null }));
    }
    default:
      return [];
  }
}

/**
 * Delivers a relayed notification intent to the in-app inbox. At-least-once is made exactly-once
 * per recipient by the unique dedupe key (outbox event × recipient × channel): a job retried after
 * a crash inserts nothing twice.
 */
export function inboxHandler(db: Database): EventHandler {
  return {
    topics: ['note.mentioned', 'safety.signal_opened'],
    async handle(payload: RelayedPayload) {
      await db.withTenant({ tenantId: payload.tenantId }, async (m) => {
        for (const delivery of await deliveriesFor(m, payload)) {
          await m.query(
            `INSERT INTO notification (tenant_id, id, membership_id, kind, subject_type, subject_id, case_id, dedupe_key, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now()) ON CONFLICT (tenant_id, dedupe_key) DO NOTHING`,
            [payload.tenantId, newId(), delivery.membershipId, delivery.kind, delivery.subjectType, delivery.subjectId, delivery.caseId, `${payload.outboxId}:${delivery.membershipId}:inbox`],
          );
        }
      });
    },
  };
}
