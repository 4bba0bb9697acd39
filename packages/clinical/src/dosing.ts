// Dose arithmetic, range checks and session frequency (docs: /design/domain.md, "Dosing" and
// "Monitoring during a dosing session"). Ranges are the clinic's (settings.doseRanges), so they are
// always an input; the defaults below are domain.md's.

export const ROUTES = ['IV', 'IM', 'SUBLINGUAL', 'ORAL', 'INTRANASAL_ESKETAMINE'] as const;
export type Route = (typeof ROUTES)[number];

export type DoseUnit = 'mg/kg' | 'mg';

export interface Dose {
  amount: number;
  unit: DoseUnit;
}

export interface DoseRange {
  readonly unit: DoseUnit;
  readonly min: number;
  readonly max: number;
}

export const DEFAULT_DOSE_RANGES: Readonly<Record<Route, DoseRange>> = {
  IV: { unit: 'mg/kg', min: 0.1, max: 1.0 },
  IM: { unit: 'mg/kg', min: 0.1, max: 0.75 },
  SUBLINGUAL: { unit: 'mg', min: 100, max: 400 },
  ORAL: { unit: 'mg', min: 100, max: 400 },
  INTRANASAL_ESKETAMINE: { unit: 'mg', min: 28, max: 84 },
};

/** One esketamine nasal device; doses are whole devices (28 / 56 / 84 mg). */
export const ESKETAMINE_DEVICE_MG = 28;

/** domain.md: mg/kg doses need a current weight. Guessing one would silently change the dose. */
export class MissingWeightError extends Error {
  override readonly name = 'MissingWeightError';
  constructor() {
    super('A per-kg dose needs the patient’s current weight');
  }
}

/** A non-positive or non-numeric amount or weight is a data-entry error, not a dose to judge. */
export class InvalidDoseError extends Error {
  override readonly name = 'InvalidDoseError';
  constructor(readonly field: 'amount' | 'weightKg') {
    super(`Dose ${field} must be a positive number`);
  }
}

function positive(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function assertDoseInputs(dose: Dose, weightKg: number | null | undefined): void {
  if (!positive(dose.amount)) throw new InvalidDoseError('amount');
  if (weightKg !== null && weightKg !== undefined && !positive(weightKg)) throw new InvalidDoseError('weightKg');
}

/**
 * Half-up to `decimals` places. Going through 12 significant digits first drops binary noise, so
 * 0.15 mg/kg × 67 kg (10.049999… in floating point) rounds to 10.1 as it would on paper.
 */
function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(Number((value * scale).toPrecision(12))) / scale;
}

/** The dose in mg. A per-kg dose is multiplied by the weight and rounded half-up to 0.1 mg; a mg dose is as written. */
export function doseInMg(dose: Dose, weightKg: number | null | undefined): number {
  assertDoseInputs(dose, weightKg);
  if (dose.unit === 'mg') return dose.amount;
  if (weightKg === null || weightKg === undefined) throw new MissingWeightError();
  return roundTo(dose.amount * weightKg, 1);
}

export type DoseRefusalReason = 'OUT_OF_RANGE' | 'UNIT_MISMATCH' | 'ESKETAMINE_STEP';

/** perKg (mg/kg, to 0.01) whenever the weight is known; `overridden` when only the override let the dose through. */
export type DoseCheck =
  | { ok: true; mg: number; perKg?: number; overridden?: true }
  | { ok: false; reason: DoseRefusalReason; message: string; range: DoseRange };

function refuse(reason: DoseRefusalReason, message: string, range: DoseRange): DoseCheck {
  return { ok: false, reason, message, range };
}

/**
 * Checks a dose against the clinic's range for its route, bounds inclusive.
 *
 * Units: a dose in the range's unit is compared as written. A per-kg dose against a mg range is
 * compared as mg at the patient's weight. A mg dose against a per-kg range is compared in mg too:
 * the range's bounds become mg at the weight, rounded to 0.1 mg as computed doses are, so a dose
 * worked out from the top of the range is not refused over rounding. Without a weight that
 * comparison is impossible: UNIT_MISMATCH, not overridable, since no range was checked at all.
 * A per-kg dose without a weight throws MissingWeightError (there is no mg to give).
 *
 * Esketamine comes in 28 mg devices: a per-kg dose (UNIT_MISMATCH) or one that is not a whole
 * number of devices (ESKETAMINE_STEP) is refused whatever the override. Only OUT_OF_RANGE yields
 * to a non-blank override reason; an in-range dose ignores any reason given.
 */
export function checkDose(route: Route, dose: Dose, weightKg: number | null | undefined, range: DoseRange, overrideReason?: string | null): DoseCheck {
  assertDoseInputs(dose, weightKg);
  if (route === 'INTRANASAL_ESKETAMINE') {
    if (dose.unit !== 'mg') return refuse('UNIT_MISMATCH', 'Intranasal esketamine is dosed in mg (28 mg devices), never per kg', range);
    if (!Number.isInteger(dose.amount / ESKETAMINE_DEVICE_MG)) {
      return refuse('ESKETAMINE_STEP', `Intranasal esketamine is given in ${ESKETAMINE_DEVICE_MG} mg steps (28, 56, 84 mg), not ${dose.amount} mg`, range);
    }
  }

  const weight = weightKg ?? null;
  if (range.unit === 'mg/kg' && dose.unit === 'mg' && weight === null) {
    return refuse('UNIT_MISMATCH', `The ${route} range is per kg: a mg dose needs the patient’s weight to be checked`, range);
  }
  const mg = doseInMg(dose, weight);
  const perKg = weight === null ? undefined : dose.unit === 'mg/kg' ? dose.amount : roundTo(mg / weight, 2);
  const result = { ok: true as const, mg, ...(perKg === undefined ? {} : { perKg }) };

  const { value, min, max, unit, note } = comparable(dose, mg, weight, range);
  if (value >= min && value <= max) return result;
  if (typeof overrideReason === 'string' && overrideReason.trim().length > 0) return { ...result, overridden: true };
  return refuse('OUT_OF_RANGE', `${value} ${unit} is outside the clinic’s ${route} range of ${min}–${max} ${unit}${note}`, range);
}

/** The dose and the bounds in one unit (see checkDose); the weight is known whenever it is needed. */
function comparable(dose: Dose, mg: number, weight: number | null, range: DoseRange): { value: number; min: number; max: number; unit: DoseUnit; note: string } {
  if (range.unit === dose.unit) return { value: dose.amount, min: range.min, max: range.max, unit: range.unit, note: '' };
  if (range.unit === 'mg' || weight === null) return { value: mg, min: range.min, max: range.max, unit: 'mg', note: '' };
  const note = ` (${range.min}–${range.max} mg/kg at ${weight} kg)`;
  return { value: mg, min: roundTo(range.min * weight, 1), max: roundTo(range.max * weight, 1), unit: 'mg', note };
}

export interface FrequencyLimit {
  maxSessions: number;
  windowDays: number;
  /** IANA zone whose calendar days count (the clinic's settings.timezone); UTC when absent. */
  timeZone?: string;
}

/** domain.md: at most twice a week. */
export const DEFAULT_FREQUENCY_LIMIT: FrequencyLimit = { maxSessions: 2, windowDays: 7 };

const DAY_MS = 86_400_000;

/**
 * The calendar day (days since 1970-01-01) on which an instant falls in a time zone. Windows count
 * calendar days, not elapsed hours: a clinic schedules by date, and elapsed hours would let a
 * daylight-saving change or an earlier appointment slot put Monday and next Monday in one window.
 */
function localDay(at: Date, timeZone: string): number {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new RangeError('Session start must be a valid date');
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day')) / DAY_MS;
}

function assertLimit(limit: FrequencyLimit): void {
  if (!Number.isInteger(limit.windowDays) || limit.windowDays < 1) throw new RangeError('windowDays must be a whole number of days, at least 1');
  if (!Number.isInteger(limit.maxSessions) || limit.maxSessions < 0) throw new RangeError('maxSessions must be a whole number, at least 0');
}

/**
 * How many sessions start in the window of `windowDays` calendar days beginning on the day of
 * `windowStart`: that day through day windowDays − 1 after it, both inclusive. So sessions exactly
 * 7 days apart (on the same weekday) never share a 7-day window; 6 days apart always do.
 */
export function dosingSessionsInWindow(starts: readonly Date[], windowStart: Date, limit: Pick<FrequencyLimit, 'windowDays' | 'timeZone'>): number {
  const zone = limit.timeZone ?? 'UTC';
  const first = localDay(windowStart, zone);
  return starts.filter((start) => {
    const day = localDay(start, zone);
    return day >= first && day < first + limit.windowDays;
  }).length;
}

/**
 * Whether booking `proposedStart` would put more than maxSessions dosing sessions into any window
 * of windowDays calendar days that contains it (see dosingSessionsInWindow for the boundary).
 * `existingStarts` are the case's other dosing sessions that count (not cancelled), without the
 * proposed one. Sessions on the same day each count.
 */
export function wouldBreakFrequencyLimit(existingStarts: readonly Date[], proposedStart: Date, limit: FrequencyLimit = DEFAULT_FREQUENCY_LIMIT): boolean {
  assertLimit(limit);
  const zone = limit.timeZone ?? 'UTC';
  const proposedDay = localDay(proposedStart, zone);
  const days = existingStarts.map((start) => localDay(start, zone));
  // Every window holding the proposed day starts on one of the windowDays days up to and including it.
  for (let first = proposedDay - limit.windowDays + 1; first <= proposedDay; first++) {
    const existing = days.filter((day) => day >= first && day < first + limit.windowDays).length;
    if (existing + 1 > limit.maxSessions) return true;
  }
  return false;
}

export type RemsFormStatus = 'NOT_DUE' | 'DUE' | 'OVERDUE';

/** The REMS Patient Monitoring Form is an esketamine (Spravato) obligation only. */
export function remsFormRequired(route: Route): boolean {
  return route === 'INTRANASAL_ESKETAMINE';
}

/** REMS: submit the Patient Monitoring Form within 7 days of the session. */
export const REMS_FORM_DUE_DAYS = 7;

/**
 * Whether a session still owes its REMS form. NOT_DUE once submitted (even late: nothing is owed
 * any more) and before the session has completed. Otherwise DUE through the 7th calendar day after
 * the session's day, in the clinic's time zone (a session on the 2nd is DUE until the 9th ends),
 * and OVERDUE from the 8th day on.
 */
export function remsFormDue(
  sessionCompletedAt: Date | null | undefined,
  submittedAt: Date | null | undefined,
  now: Date,
  options: { timeZone?: string; dueWithinDays?: number } = {},
): RemsFormStatus {
  if (submittedAt !== null && submittedAt !== undefined) return 'NOT_DUE';
  if (sessionCompletedAt === null || sessionCompletedAt === undefined || now.getTime() < sessionCompletedAt.getTime()) return 'NOT_DUE';
  const zone = options.timeZone ?? 'UTC';
  const daysSince = localDay(now, zone) - localDay(sessionCompletedAt, zone);
  return daysSince <= (options.dueWithinDays ?? REMS_FORM_DUE_DAYS) ? 'DUE' : 'OVERDUE';
}
