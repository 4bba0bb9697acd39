import type { NotificationKind } from '../kinds';

/**
 * E-mail wording. E-mail leaves the clinic's control, so it names only the kind of event and links
 * to Tandem, where the record's own permissions apply: no patient, no case, no clinical content.
 */
const SUBJECTS: Readonly<Record<NotificationKind, string>> = {
  MENTION: 'You were mentioned in a note in Tandem',
  SAFETY_ALERT: 'Safety alert in Tandem: please act now',
  VITALS_ESCALATION: 'Vitals escalation in Tandem: please act now',
  FOLLOW_UP_ASSIGNED: 'You have a new follow-up in Tandem',
  FOLLOW_UP_REMINDER: 'A follow-up is due soon in Tandem',
  FOLLOW_UP_OVERDUE: 'A follow-up is overdue in Tandem',
  WEBHOOK_DISABLED: 'A partner webhook was disabled in Tandem',
  EMERGENCY_ACCESS: 'Emergency access to a case in Tandem: please review',
  CREDENTIAL_EXPIRING: 'One of your credentials expires soon in Tandem',
  CREDENTIAL_EXPIRED: "A clinician's credential has expired in Tandem",
  SESSION_BLOCKED: 'A dosing session is blocked by an expiring credential in Tandem',
};

export interface EmailContent {
  readonly subject: string;
  readonly text: string;
}

export function emailFor(kind: NotificationKind, link: string): EmailContent {
  const subject = SUBJECTS[kind];
  return {
    subject,
    text: `${subject}.\n\nOpen it in Tandem: ${link}\n\nFor patients' privacy this e-mail holds no details; sign in to see them.\n`,
  };
}
