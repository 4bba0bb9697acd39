// Clinician credentials: the vocabulary and what makes a credential well formed (docs:
// /design/domain.md, "Clinician training and credentials"; docs/credentials.md). Pure: the
// credentials service validates with this before writing anything.

export const CREDENTIAL_KINDS = ['LICENSE', 'DEA_REGISTRATION', 'KAP_TRAINING', 'BLS', 'ACLS', 'SUPERVISION_AGREEMENT', 'OTHER'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/** The seven parts of quality KAP training, as domain.md lists them; anything else goes in free text. */
export const TRAINING_MODULES = [
  'PHARMACOLOGY',
  'SCREENING',
  'SET_AND_SETTING',
  'FACILITATION',
  'INTEGRATION',
  'ETHICS',
  'TRAUMA_INFORMED_CARE',
] as const;
export type TrainingModule = (typeof TRAINING_MODULES)[number];

export const US_STATES = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS',
  'KY', 'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC',
  'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY',
] as const;
export type UsState = (typeof US_STATES)[number];

/**
 * The licence-number shapes we accept, per state. Deliberately a short list: a state appears here
 * only once someone has written down its boards' number shape, and a licence from any other state
 * is refused (field `jurisdiction`) rather than stored unchecked. Shapes are upper-cased before
 * matching. Extending the list is a one-line change plus a test.
 */
export const LICENCE_NUMBER_FORMATS: Readonly<Partial<Record<UsState, RegExp>>> = {
  CA: /^[A-Z]{1,4}\d{4,6}$/, // e.g. A123456 (physician), RN 95xxxx, LMFT 12345
  CO: /^[A-Z]{2,4}\.?\d{4,7}$/, // e.g. DR.0012345, RN.1234567, PSY.1234
  NY: /^\d{6}$/,
  OR: /^[A-Z]{2}\d{5,6}$/,
  TX: /^[A-Z]?\d{4,6}$/,
  WA: /^[A-Z]{2}\d{8}$/, // e.g. MD60123456
};

export const MAX_TRAINING_HOURS = 2000;

export type CredentialField = 'kind' | 'jurisdiction' | 'number' | 'issuedOn' | 'expiresOn' | 'hours' | 'modules';

export type CredentialProblem =
  | 'UNKNOWN_KIND'
  | 'REQUIRED'
  | 'NOT_A_STATE'
  | 'NO_LICENCE_FORMAT'
  | 'BAD_FORMAT'
  | 'NOT_A_DATE'
  | 'EXPIRES_BEFORE_ISSUE'
  | 'OUT_OF_RANGE'
  | 'UNKNOWN_MODULE'
  | 'DUPLICATE_MODULE';

/** Names the one field that is wrong, so the API can report `extensions.field`. */
export class InvalidCredentialError extends Error {
  override readonly name = 'InvalidCredentialError';
  constructor(
    readonly field: CredentialField,
    readonly problem: CredentialProblem,
    message: string,
  ) {
    super(message);
  }
}

export interface CredentialInput {
  kind: string;
  jurisdiction?: string | null;
  number?: string | null;
  /** Calendar dates, YYYY-MM-DD: credentials carry dates, not instants. */
  issuedOn: string;
  expiresOn?: string | null;
  hours?: number | null;
  modules?: readonly string[] | null;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date (2026-02-30 is not one). */
export function isCalendarDate(value: string): boolean {
  const parts = ISO_DATE.exec(value);
  if (!parts) return false;
  const date = new Date(Date.UTC(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3])));
  return date.toISOString().slice(0, 10) === value;
}

export function isUsState(value: string): value is UsState {
  return (US_STATES as readonly string[]).includes(value);
}

export function isCredentialKind(value: string): value is CredentialKind {
  return (CREDENTIAL_KINDS as readonly string[]).includes(value);
}

/**
 * DEA registration: two letters and seven digits, the last a check digit — (d1+d3+d5) +
 * 2·(d2+d4+d6), last digit. Catches most typos before an admin verifies the wrong number.
 */
export function isDeaNumber(value: string): boolean {
  const match = /^[A-Z]{2}(\d{7})$/.exec(value);
  if (!match) return false;
  const d = [...(match[1] ?? '')].map(Number);
  const sum = (d[0] ?? 0) + (d[2] ?? 0) + (d[4] ?? 0) + 2 * ((d[1] ?? 0) + (d[3] ?? 0) + (d[5] ?? 0));
  return sum % 10 === d[6];
}

function refuse(field: CredentialField, problem: CredentialProblem, message: string): never {
  throw new InvalidCredentialError(field, problem, message);
}

function checkDates(input: CredentialInput): void {
  if (!isCalendarDate(input.issuedOn)) refuse('issuedOn', 'NOT_A_DATE', 'The issue date must be a date (YYYY-MM-DD)');
  const expiresOn = input.expiresOn ?? null;
  if (expiresOn === null) return;
  if (!isCalendarDate(expiresOn)) refuse('expiresOn', 'NOT_A_DATE', 'The expiry date must be a date (YYYY-MM-DD)');
  if (expiresOn <= input.issuedOn) refuse('expiresOn', 'EXPIRES_BEFORE_ISSUE', 'The expiry date must be after the issue date');
}

function checkJurisdiction(input: CredentialInput): void {
  const state = input.jurisdiction ?? null;
  if (state === null) {
    if (input.kind === 'LICENSE') refuse('jurisdiction', 'REQUIRED', 'A licence needs the state that issued it');
    return;
  }
  if (!isUsState(state)) refuse('jurisdiction', 'NOT_A_STATE', 'The jurisdiction must be a US state code such as CA');
}

function checkNumber(input: CredentialInput): void {
  const number = input.number?.trim().toUpperCase() ?? '';
  if (input.kind === 'LICENSE') {
    if (number === '') refuse('number', 'REQUIRED', 'A licence needs its number');
    const format = LICENCE_NUMBER_FORMATS[input.jurisdiction as UsState];
    if (!format) refuse('jurisdiction', 'NO_LICENCE_FORMAT', 'Licences from this state cannot be checked yet');
    if (!format.test(number)) refuse('number', 'BAD_FORMAT', 'This is not a licence number of that state');
  }
  if (input.kind === 'DEA_REGISTRATION') {
    if (number === '') refuse('number', 'REQUIRED', 'A DEA registration needs its number');
    if (!isDeaNumber(number)) refuse('number', 'BAD_FORMAT', 'This is not a valid DEA registration number');
  }
}

function checkTraining(input: CredentialInput): void {
  const hours = input.hours ?? null;
  if (hours === null) {
    if (input.kind === 'KAP_TRAINING') refuse('hours', 'REQUIRED', 'A training certificate needs its hours');
  } else if (!Number.isFinite(hours) || hours <= 0 || hours > MAX_TRAINING_HOURS) {
    refuse('hours', 'OUT_OF_RANGE', `Hours must be more than 0 and at most ${MAX_TRAINING_HOURS}`);
  }
  const modules = input.modules ?? [];
  if (modules.some((m) => !(TRAINING_MODULES as readonly string[]).includes(m))) refuse('modules', 'UNKNOWN_MODULE', 'Unknown training module');
  if (new Set(modules).size !== modules.length) refuse('modules', 'DUPLICATE_MODULE', 'A module is listed twice');
}

/** Throws InvalidCredentialError naming the first wrong field, in the order a form shows them. */
export function validateCredential(input: CredentialInput): void {
  if (!isCredentialKind(input.kind)) refuse('kind', 'UNKNOWN_KIND', 'Unknown credential kind');
  checkJurisdiction(input);
  checkNumber(input);
  checkDates(input);
  checkTraining(input);
}

/** The licence or DEA number as stored: trimmed and upper-cased, so lookups and checks agree. */
export function normaliseCredentialNumber(number: string | null | undefined): string | null {
  const value = number?.trim().toUpperCase() ?? '';
  return value === '' ? null : value;
}
