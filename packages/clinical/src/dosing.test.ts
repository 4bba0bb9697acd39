import {
  DEFAULT_DOSE_RANGES,
  DEFAULT_FREQUENCY_LIMIT,
  ESKETAMINE_DEVICE_MG,
  InvalidDoseError,
  MissingWeightError,
  REMS_FORM_DUE_DAYS,
  ROUTES,
  checkDose,
  doseInMg,
  dosingSessionsInWindow,
  remsFormDue,
  remsFormRequired,
  wouldBreakFrequencyLimit,
} from './dosing';
import type { Dose, DoseRange, Route } from './dosing';

const mgPerKg = (amount: number): Dose => ({ amount, unit: 'mg/kg' });
const mg = (amount: number): Dose => ({ amount, unit: 'mg' });

function check(route: Route, dose: Dose, weightKg: number | null, overrideReason?: string | null) {
  return checkDose(route, dose, weightKg, DEFAULT_DOSE_RANGES[route], overrideReason);
}

describe('defaults', () => {
  it('lists the routes of domain.md', () => {
    expect(ROUTES).toEqual(['IV', 'IM', 'SUBLINGUAL', 'ORAL', 'INTRANASAL_ESKETAMINE']);
  });

  it('matches the clinic settings defaults', () => {
    expect(DEFAULT_DOSE_RANGES).toEqual({
      IV: { unit: 'mg/kg', min: 0.1, max: 1.0 },
      IM: { unit: 'mg/kg', min: 0.1, max: 0.75 },
      SUBLINGUAL: { unit: 'mg', min: 100, max: 400 },
      ORAL: { unit: 'mg', min: 100, max: 400 },
      INTRANASAL_ESKETAMINE: { unit: 'mg', min: 28, max: 84 },
    });
    expect(ESKETAMINE_DEVICE_MG).toBe(28);
    expect(DEFAULT_FREQUENCY_LIMIT).toEqual({ maxSessions: 2, windowDays: 7 });
    expect(REMS_FORM_DUE_DAYS).toBe(7);
  });
});

describe('doseInMg', () => {
  it.each<[number, number, number]>([
    [0.5, 70, 35],
    [0.5, 70.3, 35.2],
    [0.33, 70, 23.1],
    [0.1, 65.5, 6.6],
    [0.75, 93.3, 70],
    // 10.049999… and 11.549999… in floating point: still half-up to 10.1 and 11.6, as on paper.
    [0.15, 67, 10.1],
    [0.15, 77, 11.6],
    [0.06, 77.5, 4.7],
    // Below the half: down.
    [0.15, 70.1, 10.5],
    [0.44, 80.04, 35.2],
    [1.0, 150, 150],
  ])('%f mg/kg at %f kg is %f mg', (amount, weightKg, expected) => {
    expect(doseInMg(mgPerKg(amount), weightKg)).toBe(expected);
  });

  it('returns a mg dose as written, with or without a weight', () => {
    expect(doseInMg(mg(200), null)).toBe(200);
    expect(doseInMg(mg(112.5), 70)).toBe(112.5);
  });

  it.each([null, undefined])('refuses a per-kg dose with weight %s', (weightKg) => {
    const run = () => doseInMg(mgPerKg(0.5), weightKg);
    expect(run).toThrow(MissingWeightError);
    expect(run).toThrow('current weight');
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses amount %f', (amount) => {
    expect(() => doseInMg(mgPerKg(amount), 70)).toThrow(InvalidDoseError);
    expect(() => doseInMg(mg(amount), 70)).toThrow(expect.objectContaining({ field: 'amount' }));
  });

  it.each([0, -70, Number.NaN])('refuses weight %f', (weightKg) => {
    expect(() => doseInMg(mgPerKg(0.5), weightKg)).toThrow(expect.objectContaining({ name: 'InvalidDoseError', field: 'weightKg' }));
  });
});

describe('checkDose: ranges are inclusive', () => {
  it.each<[Route, Dose, boolean]>([
    ['IV', mgPerKg(0.09), false],
    ['IV', mgPerKg(0.1), true],
    ['IV', mgPerKg(0.5), true],
    ['IV', mgPerKg(1.0), true],
    ['IV', mgPerKg(1.01), false],
    ['IM', mgPerKg(0.09), false],
    ['IM', mgPerKg(0.1), true],
    ['IM', mgPerKg(0.75), true],
    ['IM', mgPerKg(0.76), false],
    ['SUBLINGUAL', mg(99), false],
    ['SUBLINGUAL', mg(100), true],
    ['SUBLINGUAL', mg(400), true],
    ['SUBLINGUAL', mg(400.5), false],
    ['ORAL', mg(99.9), false],
    ['ORAL', mg(100), true],
    ['ORAL', mg(400), true],
    ['ORAL', mg(401), false],
  ])('%s %j is in range: %s', (route, dose, ok) => {
    const result = check(route, dose, 70);
    expect(result.ok).toBe(ok);
    if (!result.ok) {
      expect(result.reason).toBe('OUT_OF_RANGE');
      expect(result.range).toEqual(DEFAULT_DOSE_RANGES[route]);
      expect(result.message).toContain(route);
    }
  });

  it('reports mg and per kg for a per-kg dose', () => {
    expect(check('IV', mgPerKg(0.5), 70.3)).toEqual({ ok: true, mg: 35.2, perKg: 0.5 });
  });

  it('reports per kg only when the weight is known', () => {
    expect(check('SUBLINGUAL', mg(200), null)).toEqual({ ok: true, mg: 200 });
    expect(check('SUBLINGUAL', mg(200), 80)).toEqual({ ok: true, mg: 200, perKg: 2.5 });
    expect(check('SUBLINGUAL', mg(200), 70)).toEqual({ ok: true, mg: 200, perKg: 2.86 });
  });

  it('follows the clinic range', () => {
    const range: DoseRange = { unit: 'mg/kg', min: 0.2, max: 0.8 };
    expect(checkDose('IV', mgPerKg(0.8), 70, range).ok).toBe(true);
    expect(checkDose('IV', mgPerKg(0.81), 70, range)).toMatchObject({ ok: false, reason: 'OUT_OF_RANGE', range });
    expect(checkDose('IV', mgPerKg(0.19), 70, range)).toMatchObject({ ok: false, reason: 'OUT_OF_RANGE' });
  });

  it('throws MissingWeightError for a per-kg dose without a weight', () => {
    expect(() => check('IV', mgPerKg(0.5), null)).toThrow(MissingWeightError);
    expect(() => checkDose('IV', mgPerKg(0.5), undefined, DEFAULT_DOSE_RANGES.IV)).toThrow(MissingWeightError);
  });

  it('throws InvalidDoseError for an impossible amount or weight', () => {
    expect(() => check('ORAL', mg(0), 70)).toThrow(InvalidDoseError);
    expect(() => check('ORAL', mg(200), -1)).toThrow(InvalidDoseError);
  });
});

describe('checkDose: overrides', () => {
  it('lets an out-of-range dose through with a written reason, marked overridden', () => {
    expect(check('IV', mgPerKg(1.2), 70, 'Partial response at 1.0 mg/kg; discussed with patient')).toEqual({ ok: true, mg: 84, perKg: 1.2, overridden: true });
    expect(check('ORAL', mg(450), null, 'Tolerance')).toEqual({ ok: true, mg: 450, overridden: true });
  });

  it.each([undefined, null, '', '   ', '\n\t'])('a blank reason (%j) is no override', (reason) => {
    expect(check('IV', mgPerKg(1.2), 70, reason)).toMatchObject({ ok: false, reason: 'OUT_OF_RANGE' });
  });

  it('does not mark an in-range dose overridden', () => {
    expect(check('IV', mgPerKg(0.5), 70, 'not needed')).toEqual({ ok: true, mg: 35, perKg: 0.5 });
  });
});

describe('checkDose: mg doses against per-kg ranges', () => {
  it.each<[number, number, boolean]>([
    [6.9, 70, false],
    [7, 70, true],
    [35, 70, true],
    [70, 70, true],
    [70.1, 70, false],
  ])('IV %f mg at %f kg is in range: %s', (amount, weightKg, ok) => {
    expect(check('IV', mg(amount), weightKg).ok).toBe(ok);
  });

  it('compares in mg at the weight, with bounds rounded to 0.1 mg as doses are', () => {
    // 0.75 mg/kg × 93.3 kg = 69.975 mg: the top of the range is 70.0 mg, not a refusal at 70.
    expect(check('IM', mg(70), 93.3)).toEqual({ ok: true, mg: 70, perKg: 0.75 });
    expect(check('IM', mg(70.1), 93.3)).toMatchObject({ ok: false, reason: 'OUT_OF_RANGE' });
  });

  it('says what the per-kg range is in mg when refusing', () => {
    const result = check('IV', mg(80), 70);
    expect(result).toMatchObject({ ok: false, reason: 'OUT_OF_RANGE', range: DEFAULT_DOSE_RANGES.IV });
    expect(!result.ok && result.message).toBe('80 mg is outside the clinic’s IV range of 7–70 mg (0.1–1 mg/kg at 70 kg)');
  });

  it('is a unit mismatch without a weight, and no override helps', () => {
    for (const reason of [undefined, 'Prescriber sure of it']) {
      const result = check('IV', mg(35), null, reason);
      expect(result).toMatchObject({ ok: false, reason: 'UNIT_MISMATCH', range: DEFAULT_DOSE_RANGES.IV });
      expect(!result.ok && result.message).toMatch(/weight/);
    }
  });

  it('converts a per-kg dose to mg against a mg range', () => {
    expect(check('SUBLINGUAL', mgPerKg(2), 70)).toEqual({ ok: true, mg: 140, perKg: 2 });
    expect(check('SUBLINGUAL', mgPerKg(1.42), 70)).toMatchObject({ ok: false, reason: 'OUT_OF_RANGE' });
    expect(check('SUBLINGUAL', mgPerKg(1.43), 70)).toMatchObject({ ok: true, mg: 100.1 });
    expect(check('ORAL', mgPerKg(6), 70)).toMatchObject({ ok: false, reason: 'OUT_OF_RANGE' });
  });
});

describe('checkDose: intranasal esketamine', () => {
  it.each([28, 56, 84])('accepts %i mg', (amount) => {
    expect(check('INTRANASAL_ESKETAMINE', mg(amount), null)).toEqual({ ok: true, mg: amount });
  });

  it.each([1, 14, 27, 29, 42, 55, 57, 83, 85, 28.5, 56.0001])('refuses %f mg as not a 28 mg step', (amount) => {
    const result = check('INTRANASAL_ESKETAMINE', mg(amount), 70);
    expect(result).toMatchObject({ ok: false, reason: 'ESKETAMINE_STEP', range: DEFAULT_DOSE_RANGES.INTRANASAL_ESKETAMINE });
  });

  it('never lets an override past the 28 mg step', () => {
    expect(check('INTRANASAL_ESKETAMINE', mg(42), 70, 'Half a device')).toMatchObject({ ok: false, reason: 'ESKETAMINE_STEP' });
  });

  it('treats a whole number of devices above the range as out of range, which an override may allow', () => {
    expect(check('INTRANASAL_ESKETAMINE', mg(112), 70)).toMatchObject({ ok: false, reason: 'OUT_OF_RANGE' });
    expect(check('INTRANASAL_ESKETAMINE', mg(112), 70, 'Documented non-response at 84 mg')).toEqual({ ok: true, mg: 112, perKg: 1.6, overridden: true });
  });

  it('refuses a per-kg esketamine dose as a unit mismatch, weight or not, override or not', () => {
    expect(check('INTRANASAL_ESKETAMINE', mgPerKg(0.8), 70)).toMatchObject({ ok: false, reason: 'UNIT_MISMATCH' });
    expect(check('INTRANASAL_ESKETAMINE', mgPerKg(0.8), null, 'reason')).toMatchObject({ ok: false, reason: 'UNIT_MISMATCH' });
  });

  it('applies the step to other routes never', () => {
    expect(check('ORAL', mg(150), null).ok).toBe(true);
  });
});

describe('session frequency', () => {
  // June 2025: the 2nd is a Monday.
  const day = (d: number, hour = 10): Date => new Date(Date.UTC(2025, 5, d, hour));
  const mon = day(2);
  const thu = day(5);

  it('allows the first and second session of a week', () => {
    expect(wouldBreakFrequencyLimit([], mon)).toBe(false);
    expect(wouldBreakFrequencyLimit([mon], thu)).toBe(false);
  });

  it('refuses a third session within 7 days', () => {
    expect(wouldBreakFrequencyLimit([mon, thu], day(6))).toBe(true);
    expect(wouldBreakFrequencyLimit([mon, thu], day(8, 23))).toBe(true); // Sunday, 6 days after Monday
  });

  it('allows a session exactly 7 days after the first: they share no window', () => {
    expect(wouldBreakFrequencyLimit([mon, thu], day(9))).toBe(false);
  });

  it('counts calendar days, so the time of day does not move the boundary', () => {
    // Next Monday at 09:00 is under 7 × 24 h after this Monday at 10:00, but a week later by date.
    expect(wouldBreakFrequencyLimit([mon, thu], day(9, 9))).toBe(false);
    expect(wouldBreakFrequencyLimit([day(2, 23), thu], day(9, 0))).toBe(false);
    // Sunday 23:00 is 6 days 13 h after Monday 10:00 but still in Monday's week.
    expect(wouldBreakFrequencyLimit([mon, thu], day(8, 23))).toBe(true);
  });

  it('checks every window holding the proposal, before and after it', () => {
    // Monday, (Thursday), next Monday: each 7-day window holds two.
    expect(wouldBreakFrequencyLimit([mon, day(9)], thu)).toBe(false);
    // Proposed before the existing ones: Friday, Monday, Wednesday.
    expect(wouldBreakFrequencyLimit([day(9), day(11)], day(6))).toBe(true);
    // Friday 31 May then Monday, Wednesday: the window from Friday holds all three.
    expect(wouldBreakFrequencyLimit([mon, day(4)], new Date(Date.UTC(2025, 4, 31, 10)))).toBe(true);
    // Wednesday 28 May is exactly 7 days before Wednesday 4 June: no shared window. Thursday 29 May shares one.
    expect(wouldBreakFrequencyLimit([mon, day(4)], new Date(Date.UTC(2025, 4, 28, 10)))).toBe(false);
    expect(wouldBreakFrequencyLimit([mon, day(4)], new Date(Date.UTC(2025, 4, 29, 10)))).toBe(true);
  });

  it('counts two sessions on one day as two', () => {
    expect(wouldBreakFrequencyLimit([day(2, 9), day(2, 15)], day(4))).toBe(true);
    expect(wouldBreakFrequencyLimit([day(2, 9)], day(2, 15))).toBe(false);
  });

  it('ignores sessions far from the proposal, in any order', () => {
    expect(wouldBreakFrequencyLimit([day(20), mon, day(23), thu, day(16)], day(11))).toBe(false);
    expect(wouldBreakFrequencyLimit([day(20), day(23)], day(18))).toBe(true);
  });

  it('uses the clinic’s calendar days: across a DST change, Monday to Monday is still 7 days', () => {
    const ny = { ...DEFAULT_FREQUENCY_LIMIT, timeZone: 'America/New_York' };
    // 3 March 2025 10:00 EST, 6 March, then 10 March 10:00 EDT: only 167 hours later.
    const first = new Date('2025-03-03T15:00:00Z');
    const second = new Date('2025-03-06T15:00:00Z');
    expect(wouldBreakFrequencyLimit([first, second], new Date('2025-03-10T14:00:00Z'), ny)).toBe(false);
  });

  it('reads the day in the clinic’s time zone', () => {
    // 02:00 UTC on Tuesday 10 June is Monday 9 June, 22:00 in New York.
    const lateMonday = new Date('2025-06-10T02:00:00Z');
    expect(wouldBreakFrequencyLimit([day(3), thu], lateMonday)).toBe(false); // UTC: Tuesday 3 → Tuesday 10
    expect(wouldBreakFrequencyLimit([day(3), thu], lateMonday, { ...DEFAULT_FREQUENCY_LIMIT, timeZone: 'America/New_York' })).toBe(true);
  });

  it('follows a clinic limit', () => {
    const once = { maxSessions: 1, windowDays: 3 };
    expect(wouldBreakFrequencyLimit([mon], day(4), once)).toBe(true);
    expect(wouldBreakFrequencyLimit([mon], day(5), once)).toBe(false);
    expect(wouldBreakFrequencyLimit([], mon, { maxSessions: 0, windowDays: 7 })).toBe(true);
  });

  it('refuses a nonsensical limit or date', () => {
    expect(() => wouldBreakFrequencyLimit([], mon, { maxSessions: 2, windowDays: 0 })).toThrow(RangeError);
    expect(() => wouldBreakFrequencyLimit([], mon, { maxSessions: 1.5, windowDays: 7 })).toThrow(RangeError);
    expect(() => wouldBreakFrequencyLimit([new Date(Number.NaN)], mon)).toThrow(RangeError);
  });

  describe('dosingSessionsInWindow', () => {
    const starts = [day(1), mon, thu, day(8, 23), day(9, 0)];

    it('counts from the window day through windowDays − 1 days after it', () => {
      expect(dosingSessionsInWindow(starts, day(2, 18), { windowDays: 7 })).toBe(3);
      expect(dosingSessionsInWindow(starts, day(3), { windowDays: 7 })).toBe(3);
      expect(dosingSessionsInWindow(starts, day(1), { windowDays: 7 })).toBe(3);
      expect(dosingSessionsInWindow(starts, day(2), { windowDays: 1 })).toBe(1);
      expect(dosingSessionsInWindow([], day(2), { windowDays: 7 })).toBe(0);
    });

    it('uses the clinic’s time zone', () => {
      // 03:00 UTC on Monday 9 June is Sunday 8 June in New York.
      const early = [new Date('2025-06-09T03:00:00Z')];
      expect(dosingSessionsInWindow(early, day(2), { windowDays: 7 })).toBe(0);
      expect(dosingSessionsInWindow(early, day(2), { windowDays: 7, timeZone: 'America/New_York' })).toBe(1);
    });
  });
});

describe('REMS Patient Monitoring Form', () => {
  const completed = new Date('2025-06-02T15:00:00Z');

  it('is only an esketamine obligation', () => {
    expect(ROUTES.filter(remsFormRequired)).toEqual(['INTRANASAL_ESKETAMINE']);
  });

  it.each<[string, string, string]>([
    ['right after the session', '2025-06-02T15:00:00Z', 'DUE'],
    ['the next day', '2025-06-03T09:00:00Z', 'DUE'],
    ['on day 7, to its last millisecond', '2025-06-09T23:59:59.999Z', 'DUE'],
    ['on day 8', '2025-06-10T00:00:00Z', 'OVERDUE'],
    ['weeks later', '2025-07-01T00:00:00Z', 'OVERDUE'],
  ])('unsubmitted, %s, is %s', (_label, now, status) => {
    expect(remsFormDue(completed, null, new Date(now))).toBe(status);
  });

  it('is not due once submitted, on time or late', () => {
    expect(remsFormDue(completed, new Date('2025-06-03T10:00:00Z'), new Date('2025-06-04T00:00:00Z'))).toBe('NOT_DUE');
    expect(remsFormDue(completed, new Date('2025-06-20T10:00:00Z'), new Date('2025-06-21T00:00:00Z'))).toBe('NOT_DUE');
  });

  it('is not due before the session has completed', () => {
    expect(remsFormDue(null, null, new Date('2025-06-02T12:00:00Z'))).toBe('NOT_DUE');
    expect(remsFormDue(undefined, undefined, new Date('2025-06-02T12:00:00Z'))).toBe('NOT_DUE');
    expect(remsFormDue(completed, null, new Date('2025-06-02T14:59:59Z'))).toBe('NOT_DUE');
  });

  it('counts days in the clinic’s time zone', () => {
    // 22:00 on 2 June in New York is 02:00 on the 3rd UTC: day 7 in New York runs to the 10th 04:00 UTC.
    const evening = new Date('2025-06-03T02:00:00Z');
    const ny = { timeZone: 'America/New_York' };
    expect(remsFormDue(evening, null, new Date('2025-06-10T03:59:59Z'), ny)).toBe('DUE');
    expect(remsFormDue(evening, null, new Date('2025-06-10T04:00:00Z'), ny)).toBe('OVERDUE');
    expect(remsFormDue(evening, null, new Date('2025-06-10T04:00:00Z'))).toBe('DUE');
  });

  it('follows a different deadline', () => {
    expect(remsFormDue(completed, null, new Date('2025-06-05T12:00:00Z'), { dueWithinDays: 3 })).toBe('DUE');
    expect(remsFormDue(completed, null, new Date('2025-06-06T12:00:00Z'), { dueWithinDays: 3 })).toBe('OVERDUE');
  });
});
