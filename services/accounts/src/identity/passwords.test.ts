import { assertAcceptablePassword, decoyPasswordHash, hashPassword, passwordMatches } from './passwords';
import { normaliseEmail } from './email';

describe('passwords', () => {
  it.each([
    ['elevenchars', /at least 12/],
    ['x'.repeat(257), /at most 256/],
    ['Password1234', /too common/],
    ['QWERTYUIOP12', /too common/],
    ['dr.jane.smith-2026', /e-mail/],
    ['abababababab', /distinct/],
  ])('refuses %s', (password, reason) => {
    expect(() => assertAcceptablePassword(password, 'dr.jane.smith@clinic.example')).toThrow(reason);
  });

  it('accepts twelve characters that are not common', () => {
    expect(() => assertAcceptablePassword('tide-lamp-7Q', 'jane@clinic.example')).not.toThrow();
  });

  it('hashes with argon2id and verifies', async () => {
    const stored = await hashPassword('tide-lamp-7Q-orchid');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await passwordMatches(stored, 'tide-lamp-7Q-orchid')).toBe(true);
    expect(await passwordMatches(stored, 'tide-lamp-7Q-orchiD')).toBe(false);
    expect(await passwordMatches('not-a-hash', 'anything')).toBe(false);
    expect(await passwordMatches(await decoyPasswordHash(), 'tide-lamp-7Q-orchid')).toBe(false);
  });
});

describe('e-mail addresses', () => {
  it('are trimmed and lower-cased', () => {
    expect(normaliseEmail('  Dr.Jane@Clinic.Example ')).toBe('dr.jane@clinic.example');
  });

  it.each(['jane', 'jane@', '@clinic.example', 'jane@clinic', 'ja ne@clinic.example', 'jane@@clinic.example', `${'a'.repeat(65)}@clinic.example`, 'jane@clinic..example'])(
    'refuses %s',
    (raw) => {
      expect(() => normaliseEmail(raw)).toThrow('Not an e-mail address');
    },
  );
});
