import { InvalidVitalsError, UNCONTROLLED_HYPERTENSION_ABOVE, hypertensionFromVitals } from './index';

describe('hypertensionFromVitals', () => {
  it('defaults to domain.md threshold of 180/100', () => {
    expect(UNCONTROLLED_HYPERTENSION_ABOVE).toEqual({ systolic: 180, diastolic: 100 });
  });

  it.each([
    [180, 100, false],
    [181, 100, true],
    [180, 101, true],
    [181, 101, true],
    [179, 99, false],
    [120, 80, false],
    [300, 60, true],
    [130, 200, true],
    [50, 20, false],
  ])('%i/%i is uncontrolled: %s', (systolic, diastolic, uncontrolled) => {
    expect(hypertensionFromVitals({ systolic, diastolic })).toBe(uncontrolled);
  });

  it('follows a clinic-configured threshold, still strictly above', () => {
    const above = { systolic: 160, diastolic: 95 };
    expect(hypertensionFromVitals({ systolic: 160, diastolic: 95 }, above)).toBe(false);
    expect(hypertensionFromVitals({ systolic: 161, diastolic: 95 }, above)).toBe(true);
    expect(hypertensionFromVitals({ systolic: 160, diastolic: 96 }, above)).toBe(true);
  });

  it.each([
    [50, 20],
    [300, 200],
  ])('accepts the plausible extremes %i/%i', (systolic, diastolic) => {
    expect(() => hypertensionFromVitals({ systolic, diastolic })).not.toThrow();
  });

  it.each([
    [49, 80, ['systolic']],
    [301, 80, ['systolic']],
    [120, 19, ['diastolic']],
    [120, 201, ['diastolic']],
    [120.5, 80, ['systolic']],
    [120, 80.2, ['diastolic']],
    [Number.NaN, 80, ['systolic']],
    [120, Number.POSITIVE_INFINITY, ['diastolic']],
    [-120, -80, ['systolic', 'diastolic']],
    [0, 0, ['systolic', 'diastolic']],
  ])('refuses %p/%p, naming %p', (systolic, diastolic, fields) => {
    let error: unknown;
    try {
      hypertensionFromVitals({ systolic, diastolic });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidVitalsError);
    expect(error).toMatchObject({ name: 'InvalidVitalsError', fields });
  });

  it('refuses a non-number from untyped input', () => {
    const reading = { systolic: '190', diastolic: 90 } as unknown as { systolic: number; diastolic: number };
    expect(() => hypertensionFromVitals(reading)).toThrow(InvalidVitalsError);
  });
});
