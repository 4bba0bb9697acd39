import { hash, verify } from '@node-rs/argon2';
import { BadUserInputError } from '@tandem/core';
import { isCommonPassword } from './common-passwords';

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 256;

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
// (algorithm 2 is Argon2id; the package exports it as an ambient const enum we cannot import.)
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Refuses weak passwords with BAD_USER_INPUT on `field`; says why without echoing them. */
export function assertAcceptablePassword(password: string, email: string, field = 'password'): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new BadUserInputError(field, `Password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH) throw new BadUserInputError(field, `Password must be at most ${MAX_PASSWORD_LENGTH} characters`);
  if (isCommonPassword(password)) throw new BadUserInputError(field, 'Password is too common: it appears in breached-password lists');
  const localPart = email.split('@')[0]?.toLowerCase() ?? '';
  if (localPart.length >= 4 && password.toLowerCase().includes(localPart)) throw new BadUserInputError(field, 'Password must not contain your e-mail address');
  if (new Set(password).size < 4) throw new BadUserInputError(field, 'Password needs more than three distinct characters');
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function passwordMatches(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

// Verifying against this when the e-mail is unknown makes both failures take the same time.
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword('decoy-password-for-unknown-accounts');
  return decoyHash;
}
