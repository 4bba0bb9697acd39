import type { EntityManager } from '@tandem/db';
import { clinicAdmins } from '@tandem/notifications';
import type { Alert } from '@tandem/notifications';
import { clinicToday } from '../credential-record';
import { upcomingBlocks } from '../session-blocks';
import { EXPIRED_NOTICE_DAYS, REMINDER_DAYS, expiryStep } from './expiry-steps';

/**
 * Verified, dated credentials of active members from EXPIRED_NOTICE_DAYS ago to the first
 * reminder ahead, with the days left in the clinic's calendar. One superseded by a verified
 * credential of the same kind and jurisdiction that lasts longer (a renewed licence) is left out;
 * training certificates add up rather than replace each other, so they never supersede.
 */
const EXPIRING = `SELECT c.id, c.membership_id AS "membershipId", to_char(c.expires_on, 'YYYY-MM-DD') AS "expiresOn", (c.expires_on - $1::date) AS "daysLeft"
  FROM credential c JOIN membership mb ON mb.id = c.membership_id AND mb.status = 'ACTIVE'
  WHERE c.verified_by IS NOT NULL AND c.expires_on BETWEEN $1::date - $2::int AND $1::date + $3::int
    AND NOT EXISTS (SELECT 1 FROM credential newer WHERE newer.membership_id = c.membership_id AND newer.id <> c.id AND newer.kind = c.kind AND c.kind <> 'KAP_TRAINING'
                      AND newer.jurisdiction IS NOT DISTINCT FROM c.jurisdiction AND newer.verified_by IS NOT NULL
                      AND (newer.expires_on IS NULL OR newer.expires_on > c.expires_on))
  ORDER BY c.id`;

type ClinicAlert = Omit<Alert, 'tenantId'>;

/**
 * Reminders to the holder 60, 30 and 7 days before expiry and word to the admins on expiry. The
 * cause names the credential, its expiry date and the step, so each is delivered once however
 * often the sweep runs (a corrected expiry date starts afresh).
 */
export async function expiryAlerts(m: EntityManager, now: Date): Promise<ClinicAlert[]> {
  const today = await clinicToday(m, now);
  const rows = await m.query<{ id: string; membershipId: string; expiresOn: string; daysLeft: number }[]>(EXPIRING, [today, EXPIRED_NOTICE_DAYS, Math.max(...REMINDER_DAYS)]);
  const admins = rows.length > 0 ? await clinicAdmins(m) : [];
  return rows.flatMap((row): ClinicAlert[] => {
    const step = expiryStep(row.daysLeft);
    const about = { subjectType: 'Credential', subjectId: row.id, caseId: null };
    if (step?.kind === 'REMIND') return [{ ...about, kind: 'CREDENTIAL_EXPIRING', recipients: [row.membershipId], cause: `credential-expiring.${row.id}.${row.expiresOn}.${step.days}` }];
    if (step?.kind === 'EXPIRED') return [{ ...about, kind: 'CREDENTIAL_EXPIRED', recipients: admins, cause: `credential-expired.${row.id}.${row.expiresOn}` }];
    return [];
  });
}

/** Each blocked participant of a session ahead, and the admins, hear of it once per session × lapse. */
export async function blockedSessionAlerts(m: EntityManager, now: Date): Promise<ClinicAlert[]> {
  const blocks = await upcomingBlocks(m, now);
  const admins = blocks.length > 0 ? await clinicAdmins(m) : [];
  return blocks.map((block) => ({
    kind: 'SESSION_BLOCKED',
    subjectType: 'TreatmentSession',
    subjectId: block.sessionId,
    caseId: block.caseId,
    recipients: [block.membershipId, ...admins],
    cause: `session-blocked.${block.sessionId}.${block.membershipId}.${block.part}.${block.expiresOn}`,
  }));
}
