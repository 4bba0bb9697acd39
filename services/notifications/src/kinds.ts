/** What a notification is about. The database checks the same list (notification_kind_check). */
export const NOTIFICATION_KINDS = [
  'MENTION',
  'SAFETY_ALERT',
  'VITALS_ESCALATION',
  'FOLLOW_UP_ASSIGNED',
  'FOLLOW_UP_REMINDER',
  'FOLLOW_UP_OVERDUE',
  'WEBHOOK_DISABLED',
  'EMERGENCY_ACCESS',
  'CREDENTIAL_EXPIRING',
  'CREDENTIAL_EXPIRED',
  'SESSION_BLOCKED',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * Alerts about a patient's safety reach every channel a clinician has, whatever their
 * preferences (domain.md: "alerted at once, through every channel they have"). So does emergency
 * access to a case (HIPAA 164.312(a)(2)(ii): the care team and admins must learn of it).
 */
export const REQUIRED_KINDS: readonly NotificationKind[] = ['SAFETY_ALERT', 'VITALS_ESCALATION', 'EMERGENCY_ACCESS'];

export function isNotificationKind(value: string): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(value);
}
