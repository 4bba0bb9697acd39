import type { Database, EntityManager } from '@tandem/db';
import type { EventHandler, JobQueues, RelayedPayload } from '@tandem/jobs';
import type { Mailer } from './email/mailer';
import { deliverAlert } from './notify';
import type { Alert } from './notify';
import { NURSES, PRESCRIBERS, THERAPISTS, careTeamWith, clinicAdmins, wholeCareTeam } from './recipients';
import { scheduleSafetyRepeat } from './safety-repeat';

export interface DeliveryDeps {
  readonly db: Database;
  /** Null when no SMTP server is configured: the inbox alone. */
  readonly mailer: Mailer | null;
  readonly queues: JobQueues;
}

type Event = RelayedPayload;

/** Who hears of what, by topic. Payloads hold ids; recipients come from the care team now. */
const ALERTS: Readonly<Record<string, (m: EntityManager, event: Event) => Promise<Omit<Alert, 'tenantId' | 'cause'> | null>>> = {
  'note.mentioned': (_m, { ids }) =>
    Promise.resolve(ids.membershipId && ids.noteId ? { kind: 'MENTION', subjectType: 'Note', subjectId: ids.noteId, caseId: ids.caseId ?? null, recipients: [ids.membershipId] } : null),
  // domain.md: the care team's prescriber and therapist are alerted at once.
  'safety.signal_opened': async (m, { ids }) => ({
    kind: 'SAFETY_ALERT',
    subjectType: 'SafetySignal',
    subjectId: ids.safetySignalId ?? '',
    caseId: ids.caseId ?? null,
    recipients: await careTeamWith(m, ids.caseId ?? '', [...PRESCRIBERS, ...THERAPISTS]),
  }),
  'vitals.escalated': async (m, { ids }) => ({
    kind: 'VITALS_ESCALATION',
    subjectType: 'TreatmentSession',
    subjectId: ids.sessionId ?? '',
    caseId: ids.caseId ?? null,
    recipients: await careTeamWith(m, ids.caseId ?? '', [...PRESCRIBERS, ...NURSES]),
  }),
  // Break the glass: the whole active care team and the clinic's admins (who review it).
  'emergency.access_granted': async (m, { ids }) => ({
    kind: 'EMERGENCY_ACCESS',
    subjectType: 'EmergencyAccess',
    subjectId: ids.emergencyAccessId ?? '',
    caseId: ids.caseId ?? null,
    recipients: [...(await wholeCareTeam(m, ids.caseId ?? '')), ...(await clinicAdmins(m))],
  }),
  // New work for the assignee, unless they gave it to themself.
  'followup.scheduled': async (m, { ids }) => {
    const [followUp] = await m.query<{ assignee_id: string }[]>(`SELECT assignee_id FROM follow_up WHERE id = $1 AND status = 'OPEN'`, [ids.followUpId]);
    if (!followUp || followUp.assignee_id === ids.createdBy) return null;
    return { kind: 'FOLLOW_UP_ASSIGNED', subjectType: 'FollowUp', subjectId: ids.followUpId ?? '', caseId: ids.caseId ?? null, recipients: [followUp.assignee_id] };
  },
};

/**
 * Delivers relayed notification intents: inbox entries and e-mails, by preference. At-least-once
 * is made once per recipient and channel by the dedupe key (outbox event × recipient × channel):
 * a job retried after a crash writes and sends nothing twice. A safety alert also schedules its
 * 30-minute repeat.
 */
export function deliveryHandler(deps: DeliveryDeps): EventHandler {
  return {
    topics: Object.keys(ALERTS),
    async handle(event: Event) {
      await deliverAlert(deps, event.tenantId, async (m) => {
        const alert = await ALERTS[event.topic]?.(m, event);
        return alert ? { ...alert, cause: event.outboxId } : null;
      });
      if (event.topic === 'safety.signal_opened') await scheduleSafetyRepeat(deps.queues, event.tenantId, event.ids, 1);
    },
  };
}
