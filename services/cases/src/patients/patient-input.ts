import { isUsState } from '@tandem/clinical';
import { BadUserInputError } from '@tandem/core';

export const SEXES = ['FEMALE', 'MALE', 'INTERSEX', 'UNKNOWN'] as const;
export type Sex = (typeof SEXES)[number];

export interface PatientDetails {
  readonly mrn: string;
  readonly givenName: string;
  readonly familyName: string;
  /** YYYY-MM-DD */
  readonly dateOfBirth: string;
  readonly sex: Sex;
  readonly phone?: string | null;
  readonly email?: string | null;
  readonly emergencyContactName?: string | null;
  readonly emergencyContactPhone?: string | null;
  /** US state code where the patient is treated: a prescriber needs a licence there to dose. */
  readonly state?: string | null;
}

export const MIN_WEIGHT_KG = 20;
export const MAX_WEIGHT_KG = 350;

/** Trims and checks a patient's details; the first problem is BAD_USER_INPUT naming the field. */
export function validPatientDetails<T extends Partial<PatientDetails>>(input: T, today: Date): T {
  const out: Record<string, unknown> = { ...input };
  for (const [field, max] of [['mrn', 64], ['givenName', 100], ['familyName', 100]] as const) {
    if (input[field] === undefined) continue;
    const value = (input[field] ?? '').trim();
    if (value.length < 1 || value.length > max) throw new BadUserInputError(field, `${field} must be 1 to ${max} characters`);
    out[field] = value;
  }
  if (input.dateOfBirth !== undefined) out.dateOfBirth = validDateOfBirth(input.dateOfBirth, today);
  for (const field of ['phone', 'email', 'emergencyContactName', 'emergencyContactPhone'] as const) {
    const value = input[field];
    if (value === undefined || value === null) continue;
    const trimmed = value.trim();
    if (trimmed.length > 200) throw new BadUserInputError(field, `${field} must be at most 200 characters`);
    out[field] = trimmed === '' ? null : trimmed;
  }
  if (input.state !== undefined && input.state !== null) {
    const state = input.state.trim().toUpperCase();
    if (state !== '' && !isUsState(state)) throw new BadUserInputError('state', 'state must be a US state code such as CA');
    out.state = state === '' ? null : state;
  }
  return out as T;
}

function validDateOfBirth(raw: string, today: Date): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  const date = match ? new Date(`${raw}T00:00:00Z`) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== raw) {
    throw new BadUserInputError('dateOfBirth', 'Date of birth must be a real date, YYYY-MM-DD');
  }
  if (raw > today.toISOString().slice(0, 10)) throw new BadUserInputError('dateOfBirth', 'Date of birth cannot be in the future');
  if (raw < '1900-01-01') throw new BadUserInputError('dateOfBirth', 'Date of birth is before 1900');
  return raw;
}

export function validWeight(weightKg: number): number {
  if (!Number.isFinite(weightKg) || weightKg < MIN_WEIGHT_KG || weightKg > MAX_WEIGHT_KG) {
    throw new BadUserInputError('weightKg', `Weight must be between ${MIN_WEIGHT_KG} and ${MAX_WEIGHT_KG} kg`);
  }
  return Math.round(weightKg * 10) / 10;
}
