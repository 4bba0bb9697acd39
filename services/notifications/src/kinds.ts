/** What a notification is about. The database checks the same list (notification_kind_check). */
export const NOTIFICATION_KINDS = [
  'MENTION',
  'SAFETY_ALERT',
  'VITALS_ESCALATION',
  'FOLLOW_UP_ASSIGNED',
  'FOLLOW_UP_REMINDER',
  'FOLLOW_UP_OVERDUE',
  'WEBHOOK_DISABLED',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * Alerts about a patient's safety reach every channel a clinician has, whatever their
 * preferences (domain.md: "alerted at once, through every channel they have").
 */
export const REQUIRED_KINDS: readonly NotificationKind[] = ['SAFETY_ALERT', 'VITALS_ESCALATION'];

export function isNotificationKind(value: string): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(value);
}
