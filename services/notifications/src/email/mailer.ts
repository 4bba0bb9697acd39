import { createHash } from 'node:crypto';
import type { Logger, NotificationConfig } from '@tandem/core';
import type { Database } from '@tandem/db';
import nodemailer from 'nodemailer';
import type { NotificationKind } from '../kinds';
import { emailFor } from './templates';

export interface Mailer {
  /** Sends the e-mails owed under these dedupe keys that are not sent yet. */
  sendOwed(tenantId: string, dedupeKeys: readonly string[]): Promise<void>;
  close(): void;
}

interface Owed {
  id: string;
  kind: NotificationKind;
  notification_id: string | null;
  email: string;
}

/**
 * SMTP delivery with nodemailer. Each owed e-mail is sent inside a transaction that holds its row
 * (FOR UPDATE SKIP LOCKED, so two jobs never send the same one) and marks it sent before commit.
 * A worker killed mid-send rolls back: the row stays owed and the retried job sends it; the
 * server had not accepted the message, so the patient's clinician gets one e-mail. (A crash in
 * the instant between the server's acceptance and our commit would send twice; the Message-ID is
 * stable per delivery so mail systems can fold the copy.)
 */
export function smtpMailer(db: Database, config: NotificationConfig, log: Logger): Mailer | null {
  if (!config.smtpUrl) return null;
  const transport = nodemailer.createTransport(config.smtpUrl, { from: config.mailFrom });
  return {
    async sendOwed(tenantId, dedupeKeys) {
      for (const key of dedupeKeys) {
        await db.withTenant({ tenantId }, async (m) => {
          const [owed] = await m.query<Owed[]>(
            `SELECT d.id, d.kind, d.notification_id, u.email FROM email_delivery d
             JOIN membership mb ON mb.id = d.membership_id JOIN app_user u ON u.id = mb.user_id
             WHERE d.dedupe_key = $1 AND d.status = 'PENDING' FOR UPDATE OF d SKIP LOCKED`,
            [key],
          );
          if (!owed) return;
          const content = emailFor(owed.kind, `${config.appUrl}/inbox/${owed.notification_id ?? ''}`);
          const messageId = `<${createHash('sha256').update(`${tenantId}:${key}`).digest('hex').slice(0, 32)}@tandem>`;
          try {
            await transport.sendMail({ to: owed.email, subject: content.subject, text: content.text, messageId });
          } catch (error) {
            log.warn({ emailDeliveryId: owed.id, reason: (error as Error).name }, 'e-mail not sent; the job retries');
            throw error;
          }
          await m.query(`UPDATE email_delivery SET status = 'SENT', sent_at = clock_timestamp(), attempts = attempts + 1 WHERE id = $1`, [owed.id]);
        });
      }
    },
    close: () => transport.close(),
  };
}
