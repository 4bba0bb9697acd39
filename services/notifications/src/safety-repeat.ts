import type { Database } from '@tandem/db';
import { QueueName } from '@tandem/jobs';
import type { JobQueues, NamedJobHandler } from '@tandem/jobs';
import type { Mailer } from './email/mailer';
import { deliverAlert } from './notify';
import { PRESCRIBERS, THERAPISTS, careTeamWith } from './recipients';

export const SAFETY_REPEAT_MINUTES = 30;
export const SAFETY_REPEAT_JOB = 'safety-repeat';

/** The next repeat of a safety alert, 30 minutes on; its id makes scheduling it idempotent. */
export async function scheduleSafetyRepeat(queues: JobQueues, tenantId: string, ids: Readonly<Record<string, string>>, round: number): Promise<void> {
  const { safetySignalId, caseId } = ids;
  if (!safetySignalId || !caseId) return;
  const id = `${SAFETY_REPEAT_JOB}.${safetySignalId}.${round}`;
  await queues.add(QueueName.Reminders, { name: SAFETY_REPEAT_JOB, id, delayMs: SAFETY_REPEAT_MINUTES * 60_000, data: { tenantId, requestId: id, safetySignalId, caseId, round: String(round) } });
}

/**
 * A safety alert repeats every 30 minutes, on every channel, until a clinician acknowledges the
 * signal (domain.md: "the alert stays open until a clinician acknowledges it"). Each round is its
 * own cause, so each round reaches each clinician once.
 */
export function safetyRepeatJob(deps: { db: Database; mailer: Mailer | null; queues: JobQueues }): NamedJobHandler {
  return async (job) => {
    const { tenantId } = job.data;
    const { safetySignalId, caseId, round } = job.data as unknown as Record<string, string>;
    const stillOpen = await deliverAlert(deps, tenantId, async (m) => {
      const [signal] = await m.query<{ acknowledged_at: Date | null }[]>(`SELECT acknowledged_at FROM safety_signal WHERE id = $1`, [safetySignalId]);
      if (!signal || signal.acknowledged_at) return null;
      const recipients = await careTeamWith(m, caseId ?? '', [...PRESCRIBERS, ...THERAPISTS]);
      return { kind: 'SAFETY_ALERT', subjectType: 'SafetySignal', subjectId: safetySignalId ?? '', caseId: caseId ?? null, recipients, cause: String(job.id) };
    });
    if (!stillOpen) return;
    await scheduleSafetyRepeat(deps.queues, tenantId, { safetySignalId: safetySignalId ?? '', caseId: caseId ?? '' }, Number(round) + 1);
  };
}
