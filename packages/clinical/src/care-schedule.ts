import type { CaseStatus } from './case-lifecycle';

const DAY = 86_400_000;

/**
 * "During treatment" for the periodic measure: the case is dosing, integrating or in maintenance
 * (a case on hold, before its first dose, or closed owes no measure).
 */
export const IN_TREATMENT_STATUSES: readonly CaseStatus[] = ['DOSING', 'INTEGRATION', 'MAINTENANCE'];

/**
 * When the case's next periodic measure is due: everyDays after the later of its last
 * administration and its first completed dosing session (a baseline taken at screening does not
 * start the clock; dosing does). Null before the first dose.
 */
export function measureDueAt(facts: { firstDosingAt: Date | null; lastAdministeredAt: Date | null; everyDays: number }): Date | null {
  if (!Number.isInteger(facts.everyDays) || facts.everyDays < 1) throw new RangeError('everyDays must be a positive whole number');
  if (!facts.firstDosingAt) return null;
  const last = facts.lastAdministeredAt && facts.lastAdministeredAt > facts.firstDosingAt ? facts.lastAdministeredAt : facts.firstDosingAt;
  return new Date(last.getTime() + facts.everyDays * DAY);
}

/**
 * When a consent signed at `signedAt` expires: validForMonths calendar months later, in UTC, at
 * the same time of day; a day the month lacks becomes its last day (31 Jan + 1 month = 28/29 Feb).
 */
export function consentExpiresAt(signedAt: Date, validForMonths: number): Date {
  if (!Number.isInteger(validForMonths) || validForMonths < 1) throw new RangeError('validForMonths must be a positive whole number');
  const monthIndex = signedAt.getUTCFullYear() * 12 + signedAt.getUTCMonth() + validForMonths;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const expires = new Date(signedAt.getTime());
  expires.setUTCFullYear(year, month, Math.min(signedAt.getUTCDate(), lastDay));
  return expires;
}

/**
 * Whether a rule should create its follow-up now: once `now` has reached `leadMs` before the due
 * time (so reminders before it can still fire), and of course when it is already due or past.
 */
export function followUpOpens(dueAt: Date, now: Date, leadMs: number): boolean {
  return dueAt.getTime() - Math.max(0, leadMs) <= now.getTime();
}
