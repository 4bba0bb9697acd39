import { caught } from '../test/caught';
import {
  CREDENTIAL_KINDS,
  InvalidCredentialError,
  LICENCE_NUMBER_FORMATS,
  MAX_TRAINING_HOURS,
  TRAINING_MODULES,
  US_STATES,
  isCalendarDate,
  isDeaNumber,
  normaliseCredentialNumber,
  validateCredential,
} from './credentials';
import type { CredentialInput } from './credentials';

const licence = (over: Partial<CredentialInput> = {}): CredentialInput => ({
  kind: 'LICENSE',
  jurisdiction: 'CA',
  number: 'A123456',
  issuedOn: '2024-01-10',
  expiresOn: '2027-01-10',
  ...over,
});
const training = (over: Partial<CredentialInput> = {}): CredentialInput => ({
  kind: 'KAP_TRAINING',
  issuedOn: '2025-03-01',
  hours: 40,
  modules: ['SCREENING', 'INTEGRATION'],
  ...over,
});

function refusal(input: CredentialInput): { field: string; problem: string } {
  const error = caught(() => validateCredential(input));
  expect(error).toBeInstanceOf(InvalidCredentialError);
  const { field, problem } = error as InvalidCredentialError;
  return { field, problem };
}

describe('vocabulary', () => {
  it('lists the kinds of the issue and the seven modules of domain.md', () => {
    expect(CREDENTIAL_KINDS).toEqual(['LICENSE', 'DEA_REGISTRATION', 'KAP_TRAINING', 'BLS', 'ACLS', 'SUPERVISION_AGREEMENT', 'OTHER']);
    expect(TRAINING_MODULES).toEqual(['PHARMACOLOGY', 'SCREENING', 'SET_AND_SETTING', 'FACILITATION', 'INTEGRATION', 'ETHICS', 'TRAUMA_INFORMED_CARE']);
  });

  it('knows the fifty states and DC, and formats only for states it lists', () => {
    expect(US_STATES).toHaveLength(51);
    expect(new Set(US_STATES).size).toBe(51);
    expect(Object.keys(LICENCE_NUMBER_FORMATS).sort()).toEqual(['CA', 'CO', 'NY', 'OR', 'TX', 'WA']);
  });
});

describe('isCalendarDate', () => {
  it.each(['2024-02-29', '2026-12-31', '2026-01-01'])('accepts %s', (d) => expect(isCalendarDate(d)).toBe(true));
  it.each(['2026-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '26-01-01', '2026-1-1', '', '2026-01-01T00:00:00Z'])('refuses %p', (d) =>
    expect(isCalendarDate(d)).toBe(false),
  );
});

describe('isDeaNumber', () => {
  it.each(['AB1234563', 'BJ6125341', 'FM0000000'])('accepts %s (check digit holds)', (n) => expect(isDeaNumber(n)).toBe(true));
  it.each(['AB1234564', 'AB123456', 'AB12345634', '1B1234563', 'ab1234563', 'A11234563'])('refuses %s', (n) => expect(isDeaNumber(n)).toBe(false));
});

describe('validateCredential: well-formed credentials pass', () => {
  it.each<[string, CredentialInput]>([
    ['a CA licence', licence()],
    ['a licence number in lower case with spaces', licence({ number: '  a123456 ' })],
    ['an NY licence', licence({ jurisdiction: 'NY', number: '123456' })],
    ['a WA licence', licence({ jurisdiction: 'WA', number: 'MD60123456' })],
    ['a DEA registration', { kind: 'DEA_REGISTRATION', number: 'AB1234563', issuedOn: '2025-01-01', expiresOn: '2028-01-01' }],
    ['a training without expiry', training()],
    ['a training of exactly 2000 hours', training({ hours: MAX_TRAINING_HOURS })],
    ['a training of a fraction of an hour', training({ hours: 0.5 })],
    ['a training with no modules listed', training({ modules: [] })],
    ['BLS with no number', { kind: 'BLS', issuedOn: '2025-06-01', expiresOn: '2027-06-01' }],
    ['an expiry one day after issue', licence({ issuedOn: '2026-01-01', expiresOn: '2026-01-02' })],
  ])('%s', (_label, input) => {
    expect(() => validateCredential(input)).not.toThrow();
  });
});

describe('validateCredential: refusals name the field', () => {
  it.each<[string, CredentialInput, string, string]>([
    ['an unknown kind', { ...licence(), kind: 'DIPLOMA' }, 'kind', 'UNKNOWN_KIND'],
    ['a licence without a state', licence({ jurisdiction: null }), 'jurisdiction', 'REQUIRED'],
    ['a state code that is not one', licence({ jurisdiction: 'XX' }), 'jurisdiction', 'NOT_A_STATE'],
    ['a lower-case state code', licence({ jurisdiction: 'ca' }), 'jurisdiction', 'NOT_A_STATE'],
    ['a licence from a state with no format', licence({ jurisdiction: 'VT', number: '12345' }), 'jurisdiction', 'NO_LICENCE_FORMAT'],
    ['a BLS card with a bad state', { kind: 'BLS', jurisdiction: 'ZZ', issuedOn: '2025-01-01' }, 'jurisdiction', 'NOT_A_STATE'],
    ['a licence without a number', licence({ number: '  ' }), 'number', 'REQUIRED'],
    ['a CA number of the wrong shape', licence({ number: '12-34' }), 'number', 'BAD_FORMAT'],
    ['an NY number one digit short', licence({ jurisdiction: 'NY', number: '12345' }), 'number', 'BAD_FORMAT'],
    ['a DEA registration without a number', { kind: 'DEA_REGISTRATION', issuedOn: '2025-01-01' }, 'number', 'REQUIRED'],
    ['a DEA number failing its check digit', { kind: 'DEA_REGISTRATION', number: 'AB1234564', issuedOn: '2025-01-01' }, 'number', 'BAD_FORMAT'],
    ['an issue date that is not a date', licence({ issuedOn: '2026-02-30' }), 'issuedOn', 'NOT_A_DATE'],
    ['an expiry that is not a date', licence({ expiresOn: 'next year' }), 'expiresOn', 'NOT_A_DATE'],
    ['an expiry before issue', licence({ issuedOn: '2026-05-01', expiresOn: '2026-04-30' }), 'expiresOn', 'EXPIRES_BEFORE_ISSUE'],
    ['an expiry on the issue day', licence({ issuedOn: '2026-05-01', expiresOn: '2026-05-01' }), 'expiresOn', 'EXPIRES_BEFORE_ISSUE'],
    ['a training without hours', training({ hours: null }), 'hours', 'REQUIRED'],
    ['zero hours', training({ hours: 0 }), 'hours', 'OUT_OF_RANGE'],
    ['negative hours', training({ hours: -5 }), 'hours', 'OUT_OF_RANGE'],
    ['absurd hours', training({ hours: MAX_TRAINING_HOURS + 0.5 }), 'hours', 'OUT_OF_RANGE'],
    ['hours that are not a number', training({ hours: Number.NaN }), 'hours', 'OUT_OF_RANGE'],
    ['infinite hours', training({ hours: Number.POSITIVE_INFINITY }), 'hours', 'OUT_OF_RANGE'],
    ['negative hours on another kind', { kind: 'SUPERVISION_AGREEMENT', issuedOn: '2025-01-01', hours: -1 }, 'hours', 'OUT_OF_RANGE'],
    ['an unknown module', training({ modules: ['SCREENING', 'ASTROLOGY'] }), 'modules', 'UNKNOWN_MODULE'],
    ['a module twice', training({ modules: ['ETHICS', 'ETHICS'] }), 'modules', 'DUPLICATE_MODULE'],
  ])('%s', (_label, input, field, problem) => {
    expect(refusal(input)).toEqual({ field, problem });
  });

  it('reports the first wrong field in form order', () => {
    expect(refusal(licence({ jurisdiction: 'XX', issuedOn: 'bad' })).field).toBe('jurisdiction');
  });
});

describe('normaliseCredentialNumber', () => {
  it('trims and upper-cases; blank is none', () => {
    expect(normaliseCredentialNumber(' ab1234563 ')).toBe('AB1234563');
    expect(normaliseCredentialNumber('   ')).toBeNull();
    expect(normaliseCredentialNumber(null)).toBeNull();
    expect(normaliseCredentialNumber(undefined)).toBeNull();
  });
});
