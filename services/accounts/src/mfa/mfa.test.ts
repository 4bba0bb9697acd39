import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';
import { acceptedStep, codeAt, hashRecoveryCode, newRecoveryCodes, newTotpSecret, otpauthUri } from './totp';

describe('TOTP', () => {
  const secret = newTotpSecret();
  const now = new Date('2026-05-01T10:00:15Z');

  it('accepts the current code and one step of drift either way, and names the step', () => {
    const step = Math.floor(now.getTime() / 30_000);
    expect(acceptedStep(secret, codeAt(secret, now), now)).toBe(step);
    expect(acceptedStep(secret, codeAt(secret, new Date(now.getTime() - 30_000)), now)).toBe(step - 1);
    expect(acceptedStep(secret, codeAt(secret, new Date(now.getTime() + 30_000)), now)).toBe(step + 1);
  });

  it('refuses codes two steps away, other secrets and malformed input', () => {
    expect(acceptedStep(secret, codeAt(secret, new Date(now.getTime() - 61_000)), now)).toBeNull();
    expect(acceptedStep(newTotpSecret(), codeAt(secret, now), now)).toBeNull();
    expect(acceptedStep(secret, '12345', now)).toBeNull();
    expect(acceptedStep(secret, 'abcdef', now)).toBeNull();
  });

  it('gives authenticator apps a standard otpauth URI', () => {
    expect(otpauthUri(secret, 'jane@clinic.example')).toMatch(/^otpauth:\/\/totp\/Tandem:jane%40clinic\.example\?issuer=Tandem&secret=[A-Z2-7]+&algorithm=SHA1&digits=6&period=30$/);
  });
});

describe('recovery codes', () => {
  it('are ten distinct, and hash the same whatever the case or spacing', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    expect(codes[0]).toMatch(/^[0-9a-f]{5}-[0-9a-f]{5}-[0-9a-f]{5}-[0-9a-f]{5}$/);
    expect(hashRecoveryCode(` ${codes[0]?.toUpperCase() ?? ''} `)).toEqual(hashRecoveryCode(codes[0] ?? ''));
  });
});

describe('secret box', () => {
  const box = new SecretBox(randomBytes(32));

  it('round-trips and never repeats a ciphertext', () => {
    const sealed = box.seal('JBSWY3DPEHPK3PXP');
    expect(box.open(sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(box.seal('JBSWY3DPEHPK3PXP')).not.toBe(sealed);
  });

  it('refuses a tampered ciphertext or another key', () => {
    const sealed = Buffer.from(box.seal('JBSWY3DPEHPK3PXP'), 'base64url');
    sealed[sealed.length - 1] ^= 1;
    expect(() => box.open(sealed.toString('base64url'))).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(box.seal('x'))).toThrow();
    expect(() => new SecretBox(randomBytes(16))).toThrow(/32-byte/);
  });
});
