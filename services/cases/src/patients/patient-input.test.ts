import { validPatientDetails, validWeight } from './patient-input';

const today = new Date('2026-06-15T12:00:00Z');
const base = { mrn: ' MRN-1 ', givenName: ' Ada ', familyName: 'Lovelace', dateOfBirth: '1980-02-29', sex: 'FEMALE' as const };

function field(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return (error as { details: { field: string } }).details.field;
  }
  return 'accepted';
}

describe('patient details', () => {
  it('trims and keeps what is valid', () => {
    expect(validPatientDetails({ ...base, phone: '  ' }, today)).toMatchObject({ mrn: 'MRN-1', givenName: 'Ada', phone: null });
  });

  it.each([
    [{ dateOfBirth: '2026-06-16' }, 'dateOfBirth'],
    [{ dateOfBirth: '1899-12-31' }, 'dateOfBirth'],
    [{ dateOfBirth: '1981-02-29' }, 'dateOfBirth'],
    [{ dateOfBirth: '15/06/1980' }, 'dateOfBirth'],
    [{ mrn: '   ' }, 'mrn'],
    [{ givenName: 'x'.repeat(101) }, 'givenName'],
    [{ email: 'x'.repeat(201) }, 'email'],
    [{ state: 'XX' }, 'state'],
    [{ state: 'California' }, 'state'],
  ])('refuses %j', (change, expected) => {
    expect(field(() => validPatientDetails({ ...base, ...change }, today))).toBe(expected);
  });

  it('keeps a US state code upper-cased; blank clears it', () => {
    expect(validPatientDetails({ ...base, state: ' ca ' }, today).state).toBe('CA');
    expect(validPatientDetails({ ...base, state: '' }, today).state).toBeNull();
    expect(validPatientDetails({ ...base, state: null }, today).state).toBeNull();
  });

  it('accepts the boundaries: born today, born 1900-01-01', () => {
    expect(field(() => validPatientDetails({ ...base, dateOfBirth: '2026-06-15' }, today))).toBe('accepted');
    expect(field(() => validPatientDetails({ ...base, dateOfBirth: '1900-01-01' }, today))).toBe('accepted');
  });
});

describe('weight', () => {
  it.each([19.9, 350.1, Number.NaN, Number.POSITIVE_INFINITY, -70])('refuses %p kg', (kg) => {
    expect(field(() => validWeight(kg))).toBe('weightKg');
  });

  it('accepts 20 and 350 kg and keeps one decimal', () => {
    expect(validWeight(20)).toBe(20);
    expect(validWeight(350)).toBe(350);
    expect(validWeight(72.46)).toBe(72.5);
  });
});
