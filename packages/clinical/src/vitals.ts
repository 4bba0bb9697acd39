// Monitoring during a dosing session (docs: /design/domain.md, "Monitoring during a dosing session").
// The defaults are the Spravato REMS ones, the strictest public standard; every threshold is the
// clinic's to change (settings.vitals), so thresholds are always an input here, never a constant.

import type { BloodPressure } from './screening';

export interface VitalsThresholds {
  /** A pre-dose BP above this on either number: hold or reconsider the dose. */
  readonly holdDosingAbove: Readonly<BloodPressure>;
  /** Escalate when two readings 5 minutes apart are both above this. */
  readonly escalateWhenTwiceAbove: Readonly<BloodPressure>;
  /** Escalate on a single reading above this. */
  readonly escalateWhenOnceAbove: Readonly<BloodPressure>;
  /** Escalate when the heart rate stays above this for 5 minutes. */
  readonly escalateHeartRateAbove: number;
  /** Escalate on any SpO2 (%) below this. */
  readonly escalateSpO2Below: number;
}

export const DEFAULT_VITALS_THRESHOLDS: VitalsThresholds = {
  holdDosingAbove: { systolic: 140, diastolic: 90 },
  escalateWhenTwiceAbove: { systolic: 180, diastolic: 110 },
  escalateWhenOnceAbove: { systolic: 200, diastolic: 120 },
  escalateHeartRateAbove: 120,
  escalateSpO2Below: 90,
};

/**
 * Time windows of the escalation rules, in minutes. "Twice 5 minutes apart" means a repeat reading
 * confirming the first, so the earlier reading must be 5 to 15 minutes (both inclusive) before the
 * later one: closer than 5 is the same moment measured twice (a re-cuffed arm), further than 15 is
 * a separate episode that the once-above rule and the clinician's judgement cover.
 */
export const ESCALATION_WINDOWS = { bpRepeatMinMinutes: 5, bpRepeatMaxMinutes: 15, heartRateSustainedMinutes: 5 } as const;

/** REMS minimum observation after dosing; clinics may require more (settings.vitals.monitoringMinutes). */
export const DEFAULT_MONITORING_MINUTES = 120;

export const READING_PHASES = ['PRE_DOSE', 'DURING', 'PRE_DISCHARGE'] as const;
export type ReadingPhase = (typeof READING_PHASES)[number];

/** One set of readings taken together. Absent and null both mean "not measured this time". */
export interface VitalsReading {
  at: Date;
  phase: ReadingPhase;
  systolic?: number | null;
  diastolic?: number | null;
  heartRate?: number | null;
  spo2?: number | null;
}

type Measurement = 'systolic' | 'diastolic' | 'heartRate' | 'spo2';

// Outside these a number is a typo or a device fault, not a patient: refuse it rather than classify it.
// Blood pressure matches screening's plausibility bounds so a reading valid there is valid here.
const PLAUSIBLE: Record<Measurement, { min: number; max: number }> = {
  systolic: { min: 50, max: 300 },
  diastolic: { min: 20, max: 200 },
  heartRate: { min: 20, max: 250 },
  spo2: { min: 50, max: 100 },
};
const MEASUREMENTS: readonly Measurement[] = ['systolic', 'diastolic', 'heartRate', 'spo2'];

export interface ReadingProblem {
  /** 'reading' when the problem is the reading as a whole (nothing measured). */
  field: Measurement | 'at' | 'phase' | 'reading';
  message: string;
}

export class InvalidReadingError extends Error {
  override readonly name = 'InvalidReadingError';
  constructor(readonly problems: readonly ReadingProblem[]) {
    super(`Invalid vitals reading: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`);
  }
}

function validDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

function present(value: number | null | undefined): value is number {
  return value !== null && value !== undefined;
}

/** Refuses a reading that cannot be trusted, listing every problem at once so the form can show them all. */
export function validateReading(reading: VitalsReading): void {
  const problems: ReadingProblem[] = [];
  if (!validDate(reading.at)) problems.push({ field: 'at', message: 'must be a valid date and time' });
  if (!(READING_PHASES as readonly string[]).includes(reading.phase)) {
    problems.push({ field: 'phase', message: `must be one of ${READING_PHASES.join(', ')}` });
  }

  const measured = MEASUREMENTS.filter((field) => present(reading[field]));
  if (measured.length === 0) problems.push({ field: 'reading', message: 'must have at least one measurement' });
  const plausible = new Set<Measurement>();
  for (const field of measured) {
    // Readings may arrive as untyped JSON: a string "120" is not a whole number either.
    const value: unknown = reading[field];
    const { min, max } = PLAUSIBLE[field];
    if (typeof value !== 'number' || !Number.isInteger(value)) problems.push({ field, message: 'must be a whole number' });
    else if (value < min || value > max) problems.push({ field, message: `must be between ${min} and ${max}` });
    else plausible.add(field);
  }

  // Half a blood pressure cannot be compared with any threshold, so it is refused rather than ignored.
  const hasSystolic = present(reading.systolic);
  if (hasSystolic !== present(reading.diastolic)) {
    problems.push({ field: hasSystolic ? 'diastolic' : 'systolic', message: 'is required with the other blood pressure number' });
  } else if (plausible.has('systolic') && plausible.has('diastolic') && (reading.systolic ?? 0) <= (reading.diastolic ?? 0)) {
    problems.push({ field: 'systolic', message: 'must be higher than diastolic (numbers swapped?)' });
  }

  if (problems.length > 0) throw new InvalidReadingError(problems);
}

export type EscalationReason = 'BP_ONCE_ABOVE' | 'BP_TWICE_ABOVE' | 'HEART_RATE_SUSTAINED' | 'SPO2_LOW';

export type VitalsFlag = { kind: 'HOLD_RECOMMENDED'; reason: 'PRE_DOSE_BP_ABOVE' } | { kind: 'ESCALATION'; reason: EscalationReason };

const MINUTE_MS = 60_000;

/** Strictly above on either number: 141/85 and 135/91 are both above 140/90. */
function bpAbove(reading: VitalsReading, limit: Readonly<BloodPressure>): boolean {
  const { systolic, diastolic } = reading;
  return present(systolic) && present(diastolic) && (systolic > limit.systolic || diastolic > limit.diastolic);
}

function minutesBetween(earlier: Date, later: Date): number {
  return (later.getTime() - earlier.getTime()) / MINUTE_MS;
}

/** Whether an earlier reading, 5–15 minutes before this one, was also above the twice-above limit. */
function confirmedTwiceAbove(reading: VitalsReading, earlier: readonly VitalsReading[], limit: Readonly<BloodPressure>): boolean {
  if (!bpAbove(reading, limit)) return false;
  const { bpRepeatMinMinutes, bpRepeatMaxMinutes } = ESCALATION_WINDOWS;
  return earlier.some((r) => {
    const apart = minutesBetween(r.at, reading.at);
    return apart >= bpRepeatMinMinutes && apart <= bpRepeatMaxMinutes && bpAbove(r, limit);
  });
}

/**
 * Sustained = this heart rate and every heart rate measured before it, back to one taken at least
 * 5 minutes earlier, are all above the limit. Readings without a heart rate (a BP-only check) say
 * nothing either way and are skipped; any heart rate at or below the limit ends the run.
 */
function sustainedHeartRate(reading: VitalsReading, earlier: readonly VitalsReading[], limit: number): boolean {
  if (!present(reading.heartRate) || reading.heartRate <= limit) return false;
  const newestFirst = earlier.filter((r) => present(r.heartRate)).sort((a, b) => b.at.getTime() - a.at.getTime());
  for (const r of newestFirst) {
    if ((r.heartRate ?? 0) <= limit) return false;
    if (minutesBetween(r.at, reading.at) >= ESCALATION_WINDOWS.heartRateSustainedMinutes) return true;
  }
  return false;
}

/**
 * Flags one reading of a dosing session. `history` is the session's other readings; only those
 * taken strictly before this one count (a reading at the same instant is not "earlier"), in any
 * order. Every rule that applies is reported, hold first, so a 210/125 pre-dose reading both
 * holds the dose and escalates. The reading is validated first; history was validated on entry.
 */
export function classifyReading(
  reading: VitalsReading,
  history: readonly VitalsReading[],
  thresholds: VitalsThresholds = DEFAULT_VITALS_THRESHOLDS,
): VitalsFlag[] {
  validateReading(reading);
  const earlier = history.filter((r) => validDate(r.at) && r.at.getTime() < reading.at.getTime());
  const flags: VitalsFlag[] = [];

  if (reading.phase === 'PRE_DOSE' && bpAbove(reading, thresholds.holdDosingAbove)) {
    flags.push({ kind: 'HOLD_RECOMMENDED', reason: 'PRE_DOSE_BP_ABOVE' });
  }
  const escalate = (reason: EscalationReason): void => {
    flags.push({ kind: 'ESCALATION', reason });
  };
  if (bpAbove(reading, thresholds.escalateWhenOnceAbove)) escalate('BP_ONCE_ABOVE');
  if (confirmedTwiceAbove(reading, earlier, thresholds.escalateWhenTwiceAbove)) escalate('BP_TWICE_ABOVE');
  if (sustainedHeartRate(reading, earlier, thresholds.escalateHeartRateAbove)) escalate('HEART_RATE_SUSTAINED');
  if (present(reading.spo2) && reading.spo2 < thresholds.escalateSpO2Below) escalate('SPO2_LOW');
  return flags;
}

export class InvalidMonitoringPeriodError extends Error {
  override readonly name = 'InvalidMonitoringPeriodError';
  constructor(readonly start: Date, readonly end: Date) {
    super('Monitoring period must have valid start and end times, with the end not before the start');
  }
}

/** Discharging early is what the REMS minimum forbids, so the record must not round up to it. */
export class MonitoringIncompleteError extends Error {
  override readonly name = 'MonitoringIncompleteError';
  constructor(
    readonly minutes: number,
    readonly requiredMinutes: number,
  ) {
    super(`Monitoring lasted ${minutes} whole minutes; at least ${requiredMinutes} are required before discharge`);
  }
}

/** Whole minutes from dosing to the end of monitoring, rounded down: 119 min 59 s is 119. */
export function monitoringMinutes(start: Date, end: Date): number {
  if (!validDate(start) || !validDate(end) || end.getTime() < start.getTime()) throw new InvalidMonitoringPeriodError(start, end);
  return Math.floor(minutesBetween(start, end));
}

/** Returns the whole minutes monitored, or throws when fewer than required. */
export function assertMonitoringComplete(start: Date, end: Date, requiredMinutes: number = DEFAULT_MONITORING_MINUTES): number {
  const minutes = monitoringMinutes(start, end);
  if (minutes < requiredMinutes) throw new MonitoringIncompleteError(minutes, requiredMinutes);
  return minutes;
}
