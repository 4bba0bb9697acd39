/**
 * The event types partners may subscribe to: a fixed, documented vocabulary mapped from outbox
 * topics, each carrying ids only. Clinical alerts (mentions, safety signals) are not offered: they
 * go to clinicians, and a partner fetches any details with its own scopes.
 */
export const WEBHOOK_EVENT_TYPES = ['follow_up.created', 'follow_up.rescheduled', 'follow_up.closed', 'session.completed'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const FROM_TOPIC: Readonly<Record<string, { readonly type: WebhookEventType; readonly ids: readonly string[] }>> = {
  'followup.scheduled': { type: 'follow_up.created', ids: ['followUpId', 'caseId'] },
  'followup.rescheduled': { type: 'follow_up.rescheduled', ids: ['followUpId', 'caseId'] },
  'followup.closed': { type: 'follow_up.closed', ids: ['followUpId', 'caseId'] },
  'session.completed': { type: 'session.completed', ids: ['sessionId', 'caseId'] },
};

/** Outbox topics that may become partner events. */
export const WEBHOOK_TOPICS: readonly string[] = Object.keys(FROM_TOPIC);

export interface PartnerEvent {
  readonly type: WebhookEventType;
  /** Ids only: whatever else the outbox payload holds (times, kinds, who) stays inside. */
  readonly data: Readonly<Record<string, string>>;
}

export function partnerEventOf(topic: string, ids: Readonly<Record<string, string>>): PartnerEvent | null {
  const mapping = FROM_TOPIC[topic];
  if (!mapping) return null;
  const data: Record<string, string> = {};
  for (const key of mapping.ids) if (ids[key]) data[key] = ids[key];
  return { type: mapping.type, data };
}

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}
