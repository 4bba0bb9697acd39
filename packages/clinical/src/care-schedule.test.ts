import { IN_TREATMENT_STATUSES, consentExpiresAt, followUpOpens, measureDueAt } from './care-schedule';

const HOUR = 3_600_000;
const at = (iso: string): Date => new Date(iso);

describe('periodic measure due', () => {
  const firstDosingAt = at('2026-03-01T15:00:00Z');

  it('is everyDays after the first dose when none was taken since', () => {
    expect(measureDueAt({ firstDosingAt, lastAdministeredAt: null, everyDays: 14 })).toEqual(at('2026-03-15T15:00:00Z'));
  });

  it('ignores a baseline taken before the first dose', () => {
    expect(measureDueAt({ firstDosingAt, lastAdministeredAt: at('2026-02-20T10:00:00Z'), everyDays: 14 })).toEqual(at('2026-03-15T15:00:00Z'));
  });

  it('counts from the last administration after dosing started', () => {
    expect(measureDueAt({ firstDosingAt, lastAdministeredAt: at('2026-03-10T09:30:00Z'), everyDays: 14 })).toEqual(at('2026-03-24T09:30:00Z'));
  });

  it('is not due before the first dose', () => {
    expect(measureDueAt({ firstDosingAt: null, lastAdministeredAt: at('2026-03-10T09:30:00Z'), everyDays: 14 })).toBeNull();
  });

  it('refuses a cadence that is not a positive whole number', () => {
    expect(() => measureDueAt({ firstDosingAt, lastAdministeredAt: null, everyDays: 0 })).toThrow(RangeError);
    expect(() => measureDueAt({ firstDosingAt, lastAdministeredAt: null, everyDays: 1.5 })).toThrow(RangeError);
  });

  it('means dosing, integration and maintenance by "in treatment"', () => {
    expect(IN_TREATMENT_STATUSES).toEqual(['DOSING', 'INTEGRATION', 'MAINTENANCE']);
  });
});

describe('a follow-up opens', () => {
  const lastAt = at('2026-03-01T15:00:00Z');
  const dueAt = measureDueAt({ firstDosingAt: lastAt, lastAdministeredAt: null, everyDays: 14 }) ?? lastAt;

  it('exactly 14 days after the last measure, without lead', () => {
    expect(followUpOpens(dueAt, at('2026-03-15T15:00:00Z'), 0)).toBe(true);
  });

  it('not at 13 days 23 hours 59 minutes without lead', () => {
    expect(followUpOpens(dueAt, at('2026-03-15T14:59:00Z'), 0)).toBe(false);
  });

  it('at 13 days exactly with a 24-hour lead, not a second before', () => {
    expect(followUpOpens(dueAt, at('2026-03-14T15:00:00Z'), 24 * HOUR)).toBe(true);
    expect(followUpOpens(dueAt, at('2026-03-14T14:59:59Z'), 24 * HOUR)).toBe(false);
  });

  it('long after the due time (an overdue follow-up is still created)', () => {
    expect(followUpOpens(dueAt, at('2026-06-01T00:00:00Z'), 0)).toBe(true);
  });

  it('treats a negative lead as none', () => {
    expect(followUpOpens(dueAt, at('2026-03-15T14:00:00Z'), -5 * HOUR)).toBe(false);
  });
});

describe('consent expiry', () => {
  it('is validForMonths calendar months after signing, same time of day', () => {
    expect(consentExpiresAt(at('2026-03-10T14:30:00Z'), 12)).toEqual(at('2027-03-10T14:30:00Z'));
    expect(consentExpiresAt(at('2026-11-15T08:00:00Z'), 3)).toEqual(at('2027-02-15T08:00:00Z'));
  });

  it("clamps to the month's last day", () => {
    expect(consentExpiresAt(at('2026-01-31T12:00:00Z'), 1)).toEqual(at('2026-02-28T12:00:00Z'));
    expect(consentExpiresAt(at('2027-01-31T12:00:00Z'), 13)).toEqual(at('2028-02-29T12:00:00Z'));
    expect(consentExpiresAt(at('2024-02-29T00:00:00Z'), 12)).toEqual(at('2025-02-28T00:00:00Z'));
  });

  it('refuses a validity that is not a positive whole number of months', () => {
    expect(() => consentExpiresAt(at('2026-01-01T00:00:00Z'), 0)).toThrow(RangeError);
  });
});
