// The supervision log (docs/credentials.md, "Supervision log"): consultation and supervision hours
// a trainee spends with a qualified supervisor. Pure: the credentials service validates an entry
// with this before writing, and readiness counts confirmed entries through it.
import type { CredentialFacts } from './credential-readiness';
import { TRAINING_MODULES, isCalendarDate } from './credentials';
import type { TrainingModule } from './credentials';

export const SUPERVISION_KINDS = ['CONSULTATION', 'SUPERVISION'] as const;
export type SupervisionKind = (typeof SUPERVISION_KINDS)[number];

/** One entry is one sitting: more than a clinical day in one entry is a typo, not a session. */
export const MAX_SUPERVISION_HOURS = 12;
export const MAX_SUPERVISION_NOTE = 1000;

export type SupervisionField = 'heldOn' | 'hours' | 'kind' | 'modules' | 'note';

/** Names the one field that is wrong, so the API can report `extensions.field`. */
export class InvalidSupervisionError extends Error {
  override readonly name = 'InvalidSupervisionError';
  constructor(
    readonly field: SupervisionField,
    message: string,
  ) {
    super(message);
  }
}

export interface SupervisionInput {
  heldOn: string;
  hours: number;
  kind: string;
  modules?: readonly string[] | null;
  note?: string | null;
}

/** Whole hundredths only: the column keeps two decimals, and 0.001 h would round to nothing. */
function hundredths(hours: number): boolean {
  return Math.abs(hours * 100 - Math.round(hours * 100)) < 1e-6;
}

/** Refuses the first field that is wrong; `today` (YYYY-MM-DD, the clinic's) bars entries not yet held. */
export function validateSupervision(input: SupervisionInput, today: string): void {
  if (!(SUPERVISION_KINDS as readonly string[]).includes(input.kind)) throw new InvalidSupervisionError('kind', 'CONSULTATION or SUPERVISION');
  if (!isCalendarDate(input.heldOn)) throw new InvalidSupervisionError('heldOn', 'A calendar date, YYYY-MM-DD');
  if (input.heldOn > today) throw new InvalidSupervisionError('heldOn', 'A supervision session is logged once it has been held');
  const { hours } = input;
  if (!Number.isFinite(hours) || hours <= 0 || hours > MAX_SUPERVISION_HOURS || !hundredths(hours)) {
    throw new InvalidSupervisionError('hours', `More than 0 and at most ${MAX_SUPERVISION_HOURS} hours per entry, in hundredths`);
  }
  const modules = input.modules ?? [];
  if (modules.some((m) => !(TRAINING_MODULES as readonly string[]).includes(m))) throw new InvalidSupervisionError('modules', 'Unknown training module');
  if (new Set(modules).size !== modules.length) throw new InvalidSupervisionError('modules', 'A module is listed twice');
  if ((input.note?.trim().length ?? 0) > MAX_SUPERVISION_NOTE) throw new InvalidSupervisionError('note', `At most ${MAX_SUPERVISION_NOTE} characters`);
}

export interface SupervisionFacts {
  heldOn: string;
  hours: number;
  confirmed: boolean;
  modules: readonly TrainingModule[];
}

/** Hours that count on `on`: confirmed by the other party, and already held. */
export function supervisedHours(entries: readonly SupervisionFacts[], on: string): number {
  const sum = entries.filter((e) => e.confirmed && e.heldOn <= on).reduce((total, e) => total + e.hours, 0);
  // Rounded to the hundredths entries are kept in, so 39.99 + 0.01 is 40 and meets a 40-hour minimum.
  return Math.round(sum * 100) / 100;
}

/**
 * Confirmed supervision as the training it counts as: its hours add to the programme's minimum
 * hours (readiness sums KAP training hours), its modules do not — a module is met by a verified
 * course certificate, not by time spent under supervision (docs/credentials.md, a decision).
 * One fact standing for them all, so readiness needs no second source; empty when nothing counts.
 */
export function supervisionAsTraining(entries: readonly SupervisionFacts[], on: string): CredentialFacts[] {
  const hours = supervisedHours(entries, on);
  if (hours <= 0) return [];
  // Issued `on` and never expiring: it counts on the day asked about, and has no expiry to warn of.
  return [{ kind: 'KAP_TRAINING', jurisdiction: null, issuedOn: on, expiresOn: null, verified: true, hours, modules: [] }];
}
