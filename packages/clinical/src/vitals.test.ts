import {
  DEFAULT_MONITORING_MINUTES,
  DEFAULT_VITALS_THRESHOLDS,
  ESCALATION_WINDOWS,
  InvalidMonitoringPeriodError,
  InvalidReadingError,
  MonitoringIncompleteError,
  assertMonitoringComplete,
  classifyReading,
  monitoringMinutes,
  validateReading,
} from './vitals';
import type { VitalsFlag, VitalsReading, VitalsThresholds } from './vitals';
import { caught } from '../test/caught';

const DOSED_AT = Date.UTC(2025, 5, 2, 14, 0, 0);
const MINUTE = 60_000;
const SECOND = 1_000;

/** An instant `minutes` (may be fractional or negative) after dosing. */
function t(minutes: number): Date {
  return new Date(DOSED_AT + minutes * MINUTE);
}

function reading(minutes: number, values: Partial<Omit<VitalsReading, 'at'>> = {}): VitalsReading {
  return { at: t(minutes), phase: 'DURING', ...values };
}

function bp(minutes: number, systolic: number, diastolic: number, phase: VitalsReading['phase'] = 'DURING'): VitalsReading {
  return { at: t(minutes), phase, systolic, diastolic };
}

function hr(minutes: number, heartRate: number): VitalsReading {
  return { at: t(minutes), phase: 'DURING', heartRate };
}

function problemsOf(r: VitalsReading): { field: string; message: string }[] {
  const error = caught(() => validateReading(r));
  expect(error).toBeInstanceOf(InvalidReadingError);
  return [...(error as InvalidReadingError).problems];
}

function fieldsOf(r: VitalsReading): string[] {
  return problemsOf(r).map((p) => p.field);
}

const HOLD: VitalsFlag = { kind: 'HOLD_RECOMMENDED', reason: 'PRE_DOSE_BP_ABOVE' };
const ONCE: VitalsFlag = { kind: 'ESCALATION', reason: 'BP_ONCE_ABOVE' };
const TWICE: VitalsFlag = { kind: 'ESCALATION', reason: 'BP_TWICE_ABOVE' };
const HEART: VitalsFlag = { kind: 'ESCALATION', reason: 'HEART_RATE_SUSTAINED' };
const SPO2: VitalsFlag = { kind: 'ESCALATION', reason: 'SPO2_LOW' };

describe('defaults', () => {
  it('match domain.md and the clinic settings defaults', () => {
    expect(DEFAULT_VITALS_THRESHOLDS).toEqual({
      holdDosingAbove: { systolic: 140, diastolic: 90 },
      escalateWhenTwiceAbove: { systolic: 180, diastolic: 110 },
      escalateWhenOnceAbove: { systolic: 200, diastolic: 120 },
      escalateHeartRateAbove: 120,
      escalateSpO2Below: 90,
    });
    expect(DEFAULT_MONITORING_MINUTES).toBe(120);
    expect(ESCALATION_WINDOWS).toEqual({ bpRepeatMinMinutes: 5, bpRepeatMaxMinutes: 15, heartRateSustainedMinutes: 5 });
  });
});

describe('validateReading', () => {
  it.each<[string, Partial<VitalsReading>]>([
    ['blood pressure only', { systolic: 120, diastolic: 80 }],
    ['heart rate only', { heartRate: 72 }],
    ['SpO2 only', { spo2: 98 }],
    ['everything', { systolic: 120, diastolic: 80, heartRate: 72, spo2: 98 }],
    ['nulls beside a measurement', { systolic: null, diastolic: null, heartRate: null, spo2: 97 }],
  ])('accepts %s', (_label, values) => {
    expect(() => validateReading(reading(0, values))).not.toThrow();
  });

  it.each<[string, Partial<VitalsReading>]>([
    ['no measurement at all', {}],
    ['only nulls', { systolic: null, diastolic: null, heartRate: null, spo2: null }],
  ])('refuses %s', (_label, values) => {
    expect(fieldsOf(reading(0, values))).toEqual(['reading']);
  });

  it('refuses half a blood pressure, naming the missing number', () => {
    expect(fieldsOf(reading(0, { systolic: 120 }))).toEqual(['diastolic']);
    expect(fieldsOf(reading(0, { diastolic: 80, heartRate: 70 }))).toEqual(['systolic']);
    expect(fieldsOf(reading(0, { systolic: 120, diastolic: null }))).toEqual(['diastolic']);
  });

  it.each<[string, Partial<VitalsReading>, string]>([
    ['fractional systolic', { systolic: 120.5, diastolic: 80 }, 'systolic'],
    ['fractional diastolic', { systolic: 120, diastolic: 80.2 }, 'diastolic'],
    ['fractional heart rate', { heartRate: 72.5 }, 'heartRate'],
    ['fractional SpO2', { spo2: 97.5 }, 'spo2'],
    ['NaN heart rate', { heartRate: Number.NaN }, 'heartRate'],
    ['infinite SpO2', { spo2: Number.POSITIVE_INFINITY }, 'spo2'],
    ['a string from untyped JSON', { heartRate: '72' as unknown as number }, 'heartRate'],
  ])('refuses a non-whole number: %s', (_label, values, field) => {
    const problems = problemsOf(reading(0, values));
    expect(problems).toEqual([{ field, message: 'must be a whole number' }]);
  });

  it.each<[string, number, number, boolean]>([
    ['systolic below 50', 49, 20, false],
    ['systolic at 50', 50, 20, true],
    ['systolic at 300', 300, 120, true],
    ['systolic above 300', 301, 120, false],
    ['diastolic below 20', 100, 19, false],
    ['diastolic at 20', 100, 20, true],
    ['diastolic at 200', 250, 200, true],
    ['diastolic above 200', 250, 201, false],
  ])('blood pressure bounds: %s (%i/%i) accepted: %s', (_label, systolic, diastolic, ok) => {
    const r = reading(0, { systolic, diastolic });
    if (ok) expect(() => validateReading(r)).not.toThrow();
    else expect(problemsOf(r)[0]?.message).toMatch(/^must be between/);
  });

  it.each([
    [120, 120],
    [80, 120],
    [50, 51],
  ])('refuses systolic %i not above diastolic %i', (systolic, diastolic) => {
    expect(problemsOf(reading(0, { systolic, diastolic }))).toEqual([{ field: 'systolic', message: 'must be higher than diastolic (numbers swapped?)' }]);
  });

  it('accepts systolic one above diastolic', () => {
    expect(() => validateReading(reading(0, { systolic: 81, diastolic: 80 }))).not.toThrow();
  });

  it.each<[number, boolean]>([
    [0, false],
    [19, false],
    [20, true],
    [250, true],
    [251, false],
    [400, false],
    [-60, false],
  ])('heart rate %i accepted: %s', (heartRate, ok) => {
    const r = reading(0, { heartRate });
    if (ok) expect(() => validateReading(r)).not.toThrow();
    else expect(problemsOf(r)).toEqual([{ field: 'heartRate', message: 'must be between 20 and 250' }]);
  });

  it.each<[number, boolean]>([
    [0, false],
    [49, false],
    [50, true],
    [100, true],
    [101, false],
  ])('SpO2 %i accepted: %s', (spo2, ok) => {
    const r = reading(0, { spo2 });
    if (ok) expect(() => validateReading(r)).not.toThrow();
    else expect(problemsOf(r)).toEqual([{ field: 'spo2', message: 'must be between 50 and 100' }]);
  });

  it('refuses an invalid time and an unknown phase', () => {
    expect(fieldsOf({ at: new Date(Number.NaN), phase: 'DURING', heartRate: 70 })).toEqual(['at']);
    expect(fieldsOf({ at: t(0), phase: 'LATER' as VitalsReading['phase'], heartRate: 70 })).toEqual(['phase']);
  });

  it('reports every problem at once, in a typed error', () => {
    const error = caught(() => validateReading({ at: t(0), phase: 'DURING', systolic: 400, diastolic: 80, heartRate: 0, spo2: 101 }));
    expect(error).toBeInstanceOf(InvalidReadingError);
    expect(error).toBeInstanceOf(Error);
    expect((error as InvalidReadingError).name).toBe('InvalidReadingError');
    expect((error as InvalidReadingError).problems.map((p) => p.field)).toEqual(['systolic', 'heartRate', 'spo2']);
    expect((error as Error).message).toContain('systolic must be between 50 and 300');
  });

  it('does not compare systolic with an implausible diastolic', () => {
    expect(fieldsOf(reading(0, { systolic: 100, diastolic: 250 }))).toEqual(['diastolic']);
  });
});

describe('classifyReading: holding the dose', () => {
  it.each<[number, number, boolean]>([
    [140, 90, false],
    [141, 90, true],
    [140, 91, true],
    [141, 91, true],
    [139, 89, false],
    [120, 80, false],
  ])('pre-dose %i/%i recommends a hold: %s', (systolic, diastolic, hold) => {
    expect(classifyReading(bp(-10, systolic, diastolic, 'PRE_DOSE'), [])).toEqual(hold ? [HOLD] : []);
  });

  it.each(['DURING', 'PRE_DISCHARGE'] as const)('does not recommend a hold on a %s reading', (phase) => {
    expect(classifyReading(bp(40, 150, 95, phase), [])).toEqual([]);
  });

  it('needs a blood pressure to recommend a hold', () => {
    expect(classifyReading(reading(-10, { phase: 'PRE_DOSE', heartRate: 100, spo2: 97 }), [])).toEqual([]);
  });

  it('follows the clinic threshold, still strictly above', () => {
    const thresholds: VitalsThresholds = { ...DEFAULT_VITALS_THRESHOLDS, holdDosingAbove: { systolic: 150, diastolic: 95 } };
    expect(classifyReading(bp(-10, 150, 95, 'PRE_DOSE'), [], thresholds)).toEqual([]);
    expect(classifyReading(bp(-10, 151, 95, 'PRE_DOSE'), [], thresholds)).toEqual([HOLD]);
    expect(classifyReading(bp(-10, 150, 96, 'PRE_DOSE'), [], thresholds)).toEqual([HOLD]);
  });

  it('holds and escalates together on a very high pre-dose reading, hold first', () => {
    expect(classifyReading(bp(-10, 201, 80, 'PRE_DOSE'), [])).toEqual([HOLD, ONCE]);
  });
});

describe('classifyReading: blood pressure once above', () => {
  it.each<[number, number, boolean]>([
    [200, 120, false],
    [201, 120, true],
    [200, 121, true],
    [250, 130, true],
  ])('%i/%i escalates at once: %s', (systolic, diastolic, escalate) => {
    expect(classifyReading(bp(40, systolic, diastolic), [])).toEqual(escalate ? [ONCE] : []);
  });

  it('escalates on the pre-discharge reading too', () => {
    expect(classifyReading(bp(120, 205, 100, 'PRE_DISCHARGE'), [])).toEqual([ONCE]);
  });

  it('follows the clinic threshold', () => {
    const thresholds: VitalsThresholds = { ...DEFAULT_VITALS_THRESHOLDS, escalateWhenOnceAbove: { systolic: 190, diastolic: 115 } };
    expect(classifyReading(bp(40, 190, 115), [], thresholds)).toEqual([]);
    expect(classifyReading(bp(40, 191, 100), [], thresholds)).toEqual([ONCE]);
  });
});

describe('classifyReading: blood pressure twice above, 5 to 15 minutes apart', () => {
  it.each<[string, number, boolean]>([
    ['4 min 59 s', 4 + 59 / 60, false],
    ['exactly 5 min', 5, true],
    ['10 min', 10, true],
    ['exactly 15 min', 15, true],
    ['15 min 1 s', 15 + 1 / 60, false],
    ['1 min', 1, false],
    ['40 min', 40, false],
  ])('an earlier high reading %s before escalates: %s', (_label, apart, escalate) => {
    const earlier = bp(40 - apart, 185, 100);
    expect(classifyReading(bp(40, 185, 100), [earlier])).toEqual(escalate ? [TWICE] : []);
  });

  it('is strictly above on either number, for both readings', () => {
    expect(classifyReading(bp(40, 181, 100), [bp(35, 180, 110)])).toEqual([]);
    expect(classifyReading(bp(40, 180, 110), [bp(35, 181, 100)])).toEqual([]);
    expect(classifyReading(bp(40, 150, 111), [bp(35, 181, 100)])).toEqual([TWICE]);
    expect(classifyReading(bp(40, 150, 111), [bp(35, 150, 111)])).toEqual([TWICE]);
  });

  it('one high reading alone does not escalate', () => {
    expect(classifyReading(bp(40, 190, 115), [])).toEqual([]);
    expect(classifyReading(bp(40, 190, 115), [bp(35, 130, 85)])).toEqual([]);
  });

  it('finds the confirming reading among others, in any order, and despite a normal one between', () => {
    const history = [bp(38, 130, 80), hr(36, 90), bp(30, 182, 100), bp(0, 120, 80)];
    expect(classifyReading(bp(40, 182, 100), history)).toEqual([TWICE]);
  });

  it('ignores readings without a blood pressure', () => {
    expect(classifyReading(bp(40, 185, 100), [hr(35, 100)])).toEqual([]);
  });

  it('ignores readings at the same instant or later, which are not earlier readings', () => {
    expect(classifyReading(bp(40, 185, 100), [bp(40, 185, 100), bp(45, 185, 100)])).toEqual([]);
  });

  it('reports both rules when the confirmed reading is also above the once-above limit', () => {
    expect(classifyReading(bp(40, 205, 100), [bp(35, 185, 100)])).toEqual([ONCE, TWICE]);
  });

  it('follows the clinic threshold', () => {
    const thresholds: VitalsThresholds = { ...DEFAULT_VITALS_THRESHOLDS, escalateWhenTwiceAbove: { systolic: 170, diastolic: 105 } };
    expect(classifyReading(bp(40, 171, 100), [bp(35, 171, 100)], thresholds)).toEqual([TWICE]);
    expect(classifyReading(bp(40, 170, 105), [bp(35, 171, 100)], thresholds)).toEqual([]);
  });
});

describe('classifyReading: heart rate sustained 5 minutes', () => {
  it.each<[string, number, boolean]>([
    ['4 min 59 s', 4 + 59 / 60, false],
    ['exactly 5 min', 5, true],
    ['12 min', 12, true],
  ])('above 120 now and %s before escalates: %s', (_label, apart, escalate) => {
    expect(classifyReading(hr(40, 121), [hr(40 - apart, 121)])).toEqual(escalate ? [HEART] : []);
  });

  it('is strictly above: 120 is not', () => {
    expect(classifyReading(hr(40, 120), [hr(30, 130)])).toEqual([]);
    expect(classifyReading(hr(40, 130), [hr(30, 120)])).toEqual([]);
  });

  it('needs every heart rate in the 5 minutes to be above', () => {
    expect(classifyReading(hr(40, 130), [hr(34, 130), hr(37, 110)])).toEqual([]);
    expect(classifyReading(hr(40, 130), [hr(34, 130), hr(37, 125)])).toEqual([HEART]);
    expect(classifyReading(hr(40, 130), [hr(30, 130), hr(37, 110), hr(39, 130)])).toEqual([]);
  });

  it('does not look past 5 minutes: an older normal rate does not undo a sustained run', () => {
    expect(classifyReading(hr(40, 130), [hr(20, 80), hr(35, 130)])).toEqual([HEART]);
  });

  it('skips readings without a heart rate, in any order', () => {
    expect(classifyReading(hr(40, 130), [bp(38, 130, 80), hr(35, 125), reading(36, { spo2: 97 })])).toEqual([HEART]);
    expect(classifyReading(hr(40, 130), [hr(37, 125), hr(32, 140), hr(36, 124)].reverse())).toEqual([HEART]);
  });

  it('a single high reading is not sustained', () => {
    expect(classifyReading(hr(40, 180), [])).toEqual([]);
  });

  it('ignores later readings', () => {
    expect(classifyReading(hr(40, 130), [hr(46, 130)])).toEqual([]);
  });

  it('follows the clinic threshold', () => {
    const thresholds: VitalsThresholds = { ...DEFAULT_VITALS_THRESHOLDS, escalateHeartRateAbove: 110 };
    expect(classifyReading(hr(40, 111), [hr(35, 111)], thresholds)).toEqual([HEART]);
    expect(classifyReading(hr(40, 111), [hr(35, 110)], thresholds)).toEqual([]);
  });
});

describe('classifyReading: SpO2', () => {
  it.each<[number, boolean]>([
    [90, false],
    [89, true],
    [100, false],
    [50, true],
  ])('SpO2 %i escalates: %s', (spo2, escalate) => {
    expect(classifyReading(reading(40, { spo2 }), [])).toEqual(escalate ? [SPO2] : []);
  });

  it('follows the clinic threshold, strictly below', () => {
    const thresholds: VitalsThresholds = { ...DEFAULT_VITALS_THRESHOLDS, escalateSpO2Below: 92 };
    expect(classifyReading(reading(40, { spo2: 92 }), [], thresholds)).toEqual([]);
    expect(classifyReading(reading(40, { spo2: 91 }), [], thresholds)).toEqual([SPO2]);
  });
});

describe('classifyReading: in general', () => {
  it('returns no flags for normal vitals', () => {
    expect(classifyReading(reading(40, { systolic: 128, diastolic: 82, heartRate: 88, spo2: 97 }), [bp(-10, 125, 80, 'PRE_DOSE')])).toEqual([]);
  });

  it('reports every escalation that applies, in a stable order', () => {
    const history = [reading(34, { systolic: 185, diastolic: 100, heartRate: 130 })];
    const now = reading(40, { phase: 'PRE_DOSE', systolic: 210, diastolic: 100, heartRate: 130, spo2: 85 });
    expect(classifyReading(now, history)).toEqual([HOLD, ONCE, TWICE, HEART, SPO2]);
  });

  it('refuses an invalid reading instead of classifying it', () => {
    expect(() => classifyReading(reading(40, { heartRate: 400 }), [])).toThrow(InvalidReadingError);
    expect(() => classifyReading(reading(40, {}), [])).toThrow(InvalidReadingError);
  });

  it('does not reorder or change the history it is given', () => {
    const history = Object.freeze([hr(36, 130), hr(30, 130), hr(38, 130)]);
    expect(classifyReading(hr(40, 130), history)).toEqual([HEART]);
    expect(history.map((r) => r.at)).toEqual([t(36), t(30), t(38)]);
  });
});

describe('monitoring time', () => {
  it.each<[string, number, number]>([
    ['no time at all', 0, 0],
    ['59 s', 59 * SECOND, 0],
    ['1 min', MINUTE, 1],
    ['119 min 59.999 s', 120 * MINUTE - 1, 119],
    ['120 min', 120 * MINUTE, 120],
    ['120 min 59 s', 120 * MINUTE + 59 * SECOND, 120],
  ])('%s counts as %i whole minutes', (_label, elapsed, minutes) => {
    expect(monitoringMinutes(t(0), new Date(DOSED_AT + elapsed))).toBe(minutes);
  });

  it('refuses an end before the start, or an invalid time', () => {
    expect(() => monitoringMinutes(t(0), t(-1))).toThrow(InvalidMonitoringPeriodError);
    expect(() => monitoringMinutes(new Date(Number.NaN), t(0))).toThrow(InvalidMonitoringPeriodError);
    expect(() => monitoringMinutes(t(0), new Date(Number.NaN))).toThrow(InvalidMonitoringPeriodError);
  });

  it('refuses 119 of 120 minutes, with the numbers', () => {
    const error = caught(() => assertMonitoringComplete(t(0), t(119), 120));
    expect(error).toBeInstanceOf(MonitoringIncompleteError);
    expect(error).toMatchObject({ name: 'MonitoringIncompleteError', minutes: 119, requiredMinutes: 120 });
  });

  it('refuses 119 min 59 s: whole minutes never round up', () => {
    expect(() => assertMonitoringComplete(t(0), new Date(DOSED_AT + 120 * MINUTE - SECOND), 120)).toThrow(MonitoringIncompleteError);
  });

  it('accepts exactly 120 minutes and more, returning the minutes', () => {
    expect(assertMonitoringComplete(t(0), t(120), 120)).toBe(120);
    expect(assertMonitoringComplete(t(0), t(150), 120)).toBe(150);
  });

  it('requires 120 minutes by default', () => {
    expect(() => assertMonitoringComplete(t(0), t(119))).toThrow(MonitoringIncompleteError);
    expect(assertMonitoringComplete(t(0), t(120))).toBe(120);
  });

  it('follows a clinic requirement longer than the default', () => {
    expect(() => assertMonitoringComplete(t(0), t(179), 180)).toThrow(MonitoringIncompleteError);
    expect(assertMonitoringComplete(t(0), t(180), 180)).toBe(180);
  });
});
