// Readiness: which of the clinic's requirements a member meets, from their credentials (docs:
// docs/credentials.md). Only verified credentials that are current on the day count: an
// unverified or expired one is as good as none when a patient is in the room.
import type { CredentialKind, TrainingModule, UsState } from './credentials';

/** The jobs credentials gate. Not clinic roles: a THERAPIST member may be a facilitator or a trainee. */
export const READINESS_ROLES = ['FACILITATOR', 'PRESCRIBER', 'MONITORING_NURSE'] as const;
export type ReadinessRole = (typeof READINESS_ROLES)[number];

export interface CredentialFacts {
  kind: CredentialKind;
  jurisdiction: string | null;
  issuedOn: string;
  expiresOn: string | null;
  verified: boolean;
  hours: number | null;
  modules: readonly TrainingModule[];
}

export interface TrainingRequirement {
  modules: readonly TrainingModule[];
  minHours: number;
}

/** A clinic's programme: the KAP training it requires per role. A role absent here needs no training. */
export type TrainingProgramme = Partial<Record<ReadinessRole, TrainingRequirement>>;

/** The default: facilitators need these five modules and at least 40 hours. */
export const DEFAULT_TRAINING_PROGRAMME: TrainingProgramme = {
  FACILITATOR: { modules: ['SCREENING', 'SET_AND_SETTING', 'INTEGRATION', 'ETHICS', 'TRAUMA_INFORMED_CARE'], minHours: 40 },
};

/**
 * Stable names of what is missing, reported in `extensions.unmet` like the case lifecycle's.
 * Training modules read TRAINING_<MODULE>, e.g. TRAINING_INTEGRATION.
 */
export type Requirement =
  | 'PATIENT_STATE_ON_RECORD'
  | 'VERIFIED_LICENSE'
  | 'VERIFIED_LICENSE_IN_PATIENT_STATE'
  | 'VERIFIED_DEA_REGISTRATION'
  | 'VERIFIED_BLS'
  | 'TRAINING_HOURS'
  | `TRAINING_${TrainingModule}`;

export type ReadinessStatus = 'READY' | 'TRAINEE' | 'NOT_READY';

export interface Readiness {
  role: ReadinessRole;
  status: ReadinessStatus;
  met: Requirement[];
  missing: Requirement[];
}

/** Counts on `on` (YYYY-MM-DD): verified, already issued, and valid through its expiry date. */
export function countsOn(credential: CredentialFacts, on: string): boolean {
  if (!credential.verified || credential.issuedOn > on) return false;
  return credential.expiresOn === null || credential.expiresOn >= on;
}

function has(credentials: readonly CredentialFacts[], kind: CredentialKind, on: string, state?: UsState): boolean {
  return credentials.some((c) => c.kind === kind && countsOn(c, on) && (state === undefined || c.jurisdiction === state));
}

/**
 * What the member's current KAP training adds up to: modules are the union and hours the sum over
 * certificates, so a 2-hour introduction and a later 40-hour course count together.
 */
export function trainingCovered(credentials: readonly CredentialFacts[], on: string): { modules: Set<TrainingModule>; hours: number } {
  const trainings = credentials.filter((c) => c.kind === 'KAP_TRAINING' && countsOn(c, on));
  return {
    modules: new Set(trainings.flatMap((c) => c.modules)),
    hours: trainings.reduce((sum, c) => sum + (c.hours ?? 0), 0),
  };
}

function trainingChecks(credentials: readonly CredentialFacts[], requirement: TrainingRequirement | undefined, on: string): [Requirement, boolean][] {
  if (!requirement) return [];
  const covered = trainingCovered(credentials, on);
  return [
    ...requirement.modules.map((m): [Requirement, boolean] => [`TRAINING_${m}`, covered.modules.has(m)]),
    ['TRAINING_HOURS', covered.hours >= requirement.minHours],
  ];
}

function credentialChecks(role: ReadinessRole, credentials: readonly CredentialFacts[], on: string, patientState: UsState | null | undefined): [Requirement, boolean][] {
  if (role === 'MONITORING_NURSE') return [['VERIFIED_LICENSE', has(credentials, 'LICENSE', on)], ['VERIFIED_BLS', has(credentials, 'BLS', on)]];
  if (role !== 'PRESCRIBER') return [];
  const dea: [Requirement, boolean] = ['VERIFIED_DEA_REGISTRATION', has(credentials, 'DEA_REGISTRATION', on)];
  // Without a patient (a roster, one's own readiness) a licence in any state is the question.
  if (patientState === undefined) return [['VERIFIED_LICENSE', has(credentials, 'LICENSE', on)], dea];
  if (patientState === null) return [['PATIENT_STATE_ON_RECORD', false], dea];
  return [['VERIFIED_LICENSE_IN_PATIENT_STATE', has(credentials, 'LICENSE', on, patientState)], dea];
}

/**
 * The member's readiness for one role on the day `on`. For PRESCRIBER pass the patient's state
 * (null when the patient has none on record) to get the dose gate; leave it out for a roster.
 * TRAINEE: the role has a training requirement, nothing else is missing, and the member meets
 * part of the training (at least one module, or some hours) but not all of it.
 */
export function readiness(
  role: ReadinessRole,
  credentials: readonly CredentialFacts[],
  programme: TrainingProgramme,
  on: string,
  patientState?: UsState | null,
): Readiness {
  const credentialResults = credentialChecks(role, credentials, on, patientState);
  const trainingResults = trainingChecks(credentials, programme[role], on);
  const results = [...credentialResults, ...trainingResults];
  const met = results.filter(([, ok]) => ok).map(([name]) => name);
  const missing = results.filter(([, ok]) => !ok).map(([name]) => name);
  return { role, status: status(credentialResults, trainingResults, credentials, on), met, missing };
}

function status(credentialResults: [Requirement, boolean][], trainingResults: [Requirement, boolean][], credentials: readonly CredentialFacts[], on: string): ReadinessStatus {
  const credentialsOk = credentialResults.every(([, ok]) => ok);
  if (credentialsOk && trainingResults.every(([, ok]) => ok)) return 'READY';
  // Every counted certificate has hours > 0, so any hours means some current training.
  const partTrained = trainingCovered(credentials, on).hours > 0;
  return credentialsOk && trainingResults.length > 0 && partTrained ? 'TRAINEE' : 'NOT_READY';
}

/** The prescriber dose gate: what is missing before this member may order or record a dose. */
export function doseGate(credentials: readonly CredentialFacts[], programme: TrainingProgramme, on: string, patientState: UsState | null): Requirement[] {
  return readiness('PRESCRIBER', credentials, programme, on, patientState).missing;
}

/** The earliest expiry among the credentials that count today: what the roster warns about. */
export function nextExpiry(credentials: readonly CredentialFacts[], on: string): string | null {
  const dates = credentials.filter((c) => countsOn(c, on) && c.expiresOn !== null).map((c) => c.expiresOn as string);
  return dates.length === 0 ? null : dates.reduce((a, b) => (a < b ? a : b));
}
