import { newId } from '@tandem/core';
import type { Database, EntityManager } from '@tandem/db';
import type { Mailer } from './email/mailer';
import { REQUIRED_KINDS } from './kinds';
import type { NotificationKind } from './kinds';

/** One notification to some members: what happened, to which record, and why (the cause). */
export interface Alert {
  readonly tenantId: string;
  readonly kind: NotificationKind;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly caseId: string | null;
  readonly recipients: readonly string[];
  /**
   * What caused it, stable across retries (an outbox event id, a reminder job id). With the
   * recipient and the channel it makes the dedupe key, unique per clinic.
   */
  readonly cause: string;
}

interface Channels {
  membership_id: string;
  in_app: boolean;
  email: boolean;
}

/**
 * Writes the inbox entries and the e-mails owed for an alert, by each recipient's preferences
 * (safety alerts ignore them). Idempotent: a second call with the same cause writes nothing.
 * Returns the dedupe keys of the e-mails owed, for `Mailer.sendOwed` after the commit. Without
 * an SMTP server (`options.email` false) no e-mail is owed.
 */
export async function notify(m: EntityManager, alert: Alert, options: { email: boolean }): Promise<string[]> {
  const recipients = [...new Set(alert.recipients)];
  if (recipients.length === 0) return [];
  const channels = await m.query<Channels[]>(
    `SELECT r.id AS membership_id, COALESCE(p.in_app, true) AS in_app, COALESCE(p.email, true) AS email
     FROM unnest($1::uuid[]) AS r(id)
     JOIN membership mb ON mb.id = r.id AND mb.status = 'ACTIVE'
     LEFT JOIN notification_preference p ON p.membership_id = r.id AND p.kind = $2`,
    [recipients, alert.kind],
  );
  const required = REQUIRED_KINDS.includes(alert.kind);
  const emailKeys: string[] = [];
  for (const recipient of channels) {
    const notificationId = required || recipient.in_app ? await inboxEntry(m, alert, recipient.membership_id) : null;
    if (options.email && (required || recipient.email)) emailKeys.push(await emailOwed(m, alert, recipient.membership_id, notificationId));
  }
  return emailKeys;
}

async function inboxEntry(m: EntityManager, alert: Alert, membershipId: string): Promise<string | null> {
  const dedupeKey = `${alert.cause}:${membershipId}:inbox`;
  await m.query(
    `INSERT INTO notification (tenant_id, id, membership_id, kind, subject_type, subject_id, case_id, dedupe_key, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, clock_timestamp()) ON CONFLICT (tenant_id, dedupe_key) DO NOTHING`,
    [alert.tenantId, newId(), membershipId, alert.kind, alert.subjectType, alert.subjectId, alert.caseId, dedupeKey],
  );
  const [row] = await m.query<{ id: string }[]>(`SELECT id FROM notification WHERE dedupe_key = $1`, [dedupeKey]);
  return row?.id ?? null;
}

async function emailOwed(m: EntityManager, alert: Alert, membershipId: string, notificationId: string | null): Promise<string> {
  const dedupeKey = `${alert.cause}:${membershipId}:email`;
  await m.query(
    `INSERT INTO email_delivery (tenant_id, id, membership_id, notification_id, kind, dedupe_key, status, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'PENDING', clock_timestamp()) ON CONFLICT (tenant_id, dedupe_key) DO NOTHING`,
    [alert.tenantId, newId(), membershipId, notificationId, alert.kind, dedupeKey],
  );
  return dedupeKey;
}

/**
 * The whole of one delivery: in a tenant transaction, decide the alert (null: nothing to say) and
 * write its inbox entries and owed e-mails; after the commit, send the e-mails. Returns whether
 * there was an alert.
 */
export async function deliverAlert(
  deps: { readonly db: Database; readonly mailer: Mailer | null },
  tenantId: string,
  alertFor: (m: EntityManager) => Promise<Omit<Alert, 'tenantId'> | null>,
): Promise<boolean> {
  const emails = await deps.db.withTenant({ tenantId }, async (m) => {
    const alert = await alertFor(m);
    return alert ? notify(m, { ...alert, tenantId }, { email: deps.mailer !== null }) : null;
  });
  if (emails === null) return false;
  await deps.mailer?.sendOwed(tenantId, emails);
  return true;
}
