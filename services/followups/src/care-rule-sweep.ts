import { CASE_STATUSES, IN_TREATMENT_STATUSES, consentExpiresAt, followUpOpens, isOpen, measureDueAt } from '@tandem/clinical';
import type { Clock } from '@tandem/core';
import type { Database, EntityManager } from '@tandem/db';
import { QueueName } from '@tandem/jobs';
import type { JobProcessor, RecurringJob } from '@tandem/jobs';
import { assigneeSql, clinicSettings } from './clinic-care-rules';
import { followUpClosed, insertFollowUps } from './followup-events';
import type { NewFollowUp } from './followup-events';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OPEN_CASE_STATUSES = CASE_STATUSES.filter(isOpen);
const INSTRUMENT_LABELS = { PHQ9: 'PHQ-9', GAD7: 'GAD-7', PCL5: 'PCL-5' } as const;

/** One schedule for every worker: the fixed id makes N upserts one scheduler. */
export const CARE_RULE_SWEEP: RecurringJob = { id: 'care-rule-sweep', name: 'care-rule-sweep', everyMs: HOUR };

export interface SweepOutcome {
  readonly created: number;
  readonly closed: number;
}

/** The hourly sweep of the time-based care rules, on its own queue; "now" is the injected clock. */
export function careRuleSweepProcessor(db: Database, clock: Clock): JobProcessor {
  return {
    queue: QueueName.CareRules,
    concurrency: 1,
    schedules: [CARE_RULE_SWEEP],
    async process() {
      await sweepCareRules(db, clock.now());
    },
  };
}

/**
 * Every clinic in turn, each in its own tenant-scoped transaction: one clinic's failure does not
 * stop the others, and the job fails afterwards so that BullMQ retries it (re-running creates
 * nothing twice: rule keys).
 */
export async function sweepCareRules(db: Database, now: Date): Promise<SweepOutcome> {
  const tenants = await db.asSystem('care-rule-sweep', (m) => m.query<{ id: string }[]>(`SELECT id FROM tenant ORDER BY id`));
  const failures: unknown[] = [];
  let created = 0;
  let closed = 0;
  for (const { id } of tenants) {
    try {
      const outcome = await sweepClinic(db, id, now);
      created += outcome.created;
      closed += outcome.closed;
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, `The care-rule sweep failed for ${failures.length} of ${tenants.length} clinics`);
  return { created, closed };
}

/** One clinic: a bounded number of set-based statements, whatever its number of cases. */
export async function sweepClinic(db: Database, tenantId: string, now: Date): Promise<SweepOutcome> {
  return db.withTenant({ tenantId }, async (m) => {
    const settings = await clinicSettings(m);
    const { measureDue, consentRenewal } = settings.careRules;
    // Created early enough for the clinic's earliest reminder before the due time to fire.
    const leadMs = Math.max(0, ...settings.reminders.remindHoursBeforeDue) * HOUR;
    const due: NewFollowUp[] = [];
    let closed = 0;
    if (measureDue.enabled) {
      due.push(...(await measuresDue(m, tenantId, now, leadMs, measureDue)));
      closed = await closeRecordedMeasures(m, tenantId, now, measureDue.everyDays);
    }
    if (consentRenewal.enabled) due.push(...(await renewalsDue(m, tenantId, now, consentRenewal)));
    const created = await insertFollowUps(m, due);
    return { created: created.length, closed };
  });
}

/**
 * Cases in treatment whose next measure is due within the lead: due everyDays after the later of
 * the last administration and the first completed dosing session (packages/clinical measureDueAt).
 * Rule key: case × instrument × due date, so each due date makes one follow-up.
 */
async function measuresDue(m: EntityManager, tenantId: string, now: Date, leadMs: number, rule: { everyDays: number; instrument: keyof typeof INSTRUMENT_LABELS }): Promise<NewFollowUp[]> {
  const rows = await m.query<{ caseId: string; firstDosingAt: Date | null; lastAdministeredAt: Date | null; assigneeId: string | null }[]>(
    `SELECT c.id AS "caseId",
            (SELECT min(s.completed_at) FROM treatment_session s WHERE s.case_id = c.id AND s.kind = 'DOSING' AND s.status = 'COMPLETED') AS "firstDosingAt",
            (SELECT max(r.administered_at) FROM measure_response r WHERE r.case_id = c.id AND r.instrument = $2) AS "lastAdministeredAt",
            ${assigneeSql('c.id', '$3')} AS "assigneeId"
       FROM clinical_case c WHERE c.status = ANY($1::text[])`,
    [IN_TREATMENT_STATUSES, rule.instrument, ['LEAD_THERAPIST', 'CO_THERAPIST', 'PRESCRIBER_OF_RECORD']],
  );
  return rows.flatMap((row) => {
    const dueAt = measureDueAt({ firstDosingAt: row.firstDosingAt, lastAdministeredAt: row.lastAdministeredAt, everyDays: rule.everyDays });
    if (!dueAt || !row.assigneeId || !followUpOpens(dueAt, now, leadMs)) return [];
    const label = INSTRUMENT_LABELS[rule.instrument];
    return [{
      tenantId, caseId: row.caseId, kind: 'MEASURE_DUE', title: `${label} due`, assigneeId: row.assigneeId, dueAt, priority: 'NORMAL', createdAt: now,
      ruleKey: `${row.caseId}:${rule.instrument.toLowerCase()}:${dueAt.toISOString().slice(0, 10)}`,
    } satisfies NewFollowUp];
  });
}

/**
 * A measure follow-up of this rule is done once a newer administration of its instrument exists
 * (taken after the one that started its cycle, i.e. after due − everyDays).
 */
async function closeRecordedMeasures(m: EntityManager, tenantId: string, now: Date, everyDays: number): Promise<number> {
  // A CTE, so that the driver answers rows (TypeORM answers [rows, count] for a bare UPDATE).
  const closed = await m.query<{ id: string; caseId: string; dueAt: Date }[]>(
    `WITH closed AS (
       UPDATE follow_up f SET status = 'DONE', completion_note = 'Recorded; closed by the care rule', closed_at = $1, updated_at = $1
      WHERE f.status = 'OPEN' AND f.kind = 'MEASURE_DUE' AND f.rule_key LIKE f.case_id || ':%:%'
        AND EXISTS (SELECT 1 FROM measure_response r WHERE r.case_id = f.case_id AND lower(r.instrument) = split_part(f.rule_key, ':', 2)
                      AND r.administered_at > f.due_at - make_interval(days => $2))
      RETURNING f.id, f.case_id AS "caseId", f.due_at AS "dueAt")
     SELECT * FROM closed`,
    [now, everyDays],
  );
  for (const followUp of closed) await followUpClosed(m, { tenantId, ...followUp });
  return closed.length;
}

/**
 * Open cases whose latest consent (no newer one signed, revoked or not) is unrevoked and expires
 * (signed + validForMonths, packages/clinical consentExpiresAt) within remindDaysBeforeExpiry:
 * a renewal due at expiry. SQL narrows with a few days' slack; consentExpiresAt decides.
 */
async function renewalsDue(m: EntityManager, tenantId: string, now: Date, rule: { validForMonths: number; remindDaysBeforeExpiry: number }): Promise<NewFollowUp[]> {
  const rows = await m.query<{ consentId: string; caseId: string; signedAt: Date; assigneeId: string | null }[]>(
    `SELECT pc.id AS "consentId", pc.case_id AS "caseId", pc.signed_at AS "signedAt", ${assigneeSql('pc.case_id', '$5')} AS "assigneeId"
       FROM patient_consent pc JOIN clinical_case c ON c.id = pc.case_id
      WHERE pc.revoked_at IS NULL AND c.status = ANY($1::text[])
        AND pc.signed_at <= $2::timestamptz - make_interval(months => $3) + make_interval(days => $4 + 3)
        AND NOT EXISTS (SELECT 1 FROM patient_consent newer WHERE newer.case_id = pc.case_id AND newer.signed_at > pc.signed_at)`,
    [OPEN_CASE_STATUSES, now, rule.validForMonths, rule.remindDaysBeforeExpiry, ['COORDINATOR', 'LEAD_THERAPIST', 'PRESCRIBER_OF_RECORD']],
  );
  return rows.flatMap((row) => {
    const expiresAt = consentExpiresAt(row.signedAt, rule.validForMonths);
    if (!row.assigneeId || !followUpOpens(expiresAt, now, rule.remindDaysBeforeExpiry * DAY)) return [];
    return [{
      tenantId, caseId: row.caseId, kind: 'CONSENT_RENEWAL', title: 'Renew informed consent before it expires', assigneeId: row.assigneeId, dueAt: expiresAt, priority: 'HIGH', createdAt: now,
      ruleKey: `${row.consentId}:renewal`,
    } satisfies NewFollowUp];
  });
}
