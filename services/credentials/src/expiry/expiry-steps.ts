/** Days before a credential's expiry on which its holder is reminded (docs/credentials.md). */
export const REMINDER_DAYS = [60, 30, 7] as const;

/**
 * How long after expiry the admins are still told of it: the sweep runs hourly, so this only
 * covers a worker that was down. A credential entered and verified long after it expired (a
 * member's history) tells nobody.
 */
export const EXPIRED_NOTICE_DAYS = 7;

export type ExpiryStep = { readonly kind: 'REMIND'; readonly days: (typeof REMINDER_DAYS)[number] } | { readonly kind: 'EXPIRED' };

/**
 * Where a credential valid through its expiry date stands, `daysLeft` days before it (0: the
 * last valid day; −1: expired yesterday). Only the latest threshold crossed is returned, so a
 * credential verified 20 days before expiry gets the 30-day reminder and not the 60-day one too.
 */
export function expiryStep(daysLeft: number): ExpiryStep | null {
  if (daysLeft < -EXPIRED_NOTICE_DAYS) return null;
  if (daysLeft < 0) return { kind: 'EXPIRED' };
  const days = [...REMINDER_DAYS].reverse().find((threshold) => daysLeft <= threshold);
  return days === undefined ? null : { kind: 'REMIND', days };
}
