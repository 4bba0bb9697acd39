import { BadUserInputError } from '@tandem/core';

// Deliberately plain: one @, a dot in the domain, no spaces, within RFC 5321's length limits.
const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;

/** The e-mail as stored (trimmed, lower-case), or BAD_USER_INPUT on `field`. */
export function normaliseEmail(raw: string, field = 'email'): string {
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) throw new BadUserInputError(field, 'Not an e-mail address');
  return email;
}
