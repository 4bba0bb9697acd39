// Contraindication screening (docs: /design/domain.md, "Screening: contraindications").
// Absolute items block dosing outright; relative items need the prescriber's written override.
// Clinics may configure their own checklist, so everything here takes the checklist as input.

export type ContraindicationSeverity = 'ABSOLUTE' | 'RELATIVE';

export interface Contraindication {
  /** Stable UPPER_SNAKE code: stored with answers and overrides, so never renamed. */
  readonly code: string;
  readonly label: string;
  readonly severity: ContraindicationSeverity;
}

export const DEFAULT_CONTRAINDICATIONS: readonly Contraindication[] = [
  { code: 'ANEURYSMAL_VASCULAR_DISEASE_OR_AVM', label: 'Aneurysmal vascular disease or arteriovenous malformation', severity: 'ABSOLUTE' },
  { code: 'INTRACEREBRAL_HAEMORRHAGE_HISTORY', label: 'History of intracerebral haemorrhage', severity: 'ABSOLUTE' },
  { code: 'KETAMINE_HYPERSENSITIVITY', label: 'Hypersensitivity to ketamine or esketamine', severity: 'ABSOLUTE' },
  { code: 'UNCONTROLLED_HYPERTENSION', label: 'Uncontrolled hypertension (resting BP > 180/100)', severity: 'ABSOLUTE' },
  {
    code: 'PSYCHOTIC_DISORDER',
    label: 'Active psychosis, schizophrenia, schizoaffective disorder or bipolar disorder with psychotic mania',
    severity: 'ABSOLUTE',
  },
  { code: 'PREGNANCY', label: 'Pregnancy', severity: 'ABSOLUTE' },
  { code: 'CONTROLLED_HYPERTENSION', label: 'Controlled hypertension', severity: 'RELATIVE' },
  { code: 'ISCHAEMIC_HEART_DISEASE', label: 'Ischaemic heart disease', severity: 'RELATIVE' },
  { code: 'RAISED_INTRACRANIAL_PRESSURE', label: 'Raised intracranial pressure', severity: 'RELATIVE' },
  { code: 'RAISED_INTRAOCULAR_PRESSURE', label: 'Raised intraocular pressure', severity: 'RELATIVE' },
  { code: 'SUBSTANCE_USE_DISORDER_HISTORY', label: 'History of substance use disorder (abstinent less than 1 year)', severity: 'RELATIVE' },
  { code: 'FIRST_DEGREE_RELATIVE_WITH_PSYCHOSIS', label: 'First-degree relative with psychosis', severity: 'RELATIVE' },
  { code: 'BREASTFEEDING', label: 'Breastfeeding', severity: 'RELATIVE' },
  // Interacting medicines are separate items: each interacts differently and is overridden on its own.
  { code: 'TAKES_BENZODIAZEPINES_OR_SEDATIVES', label: 'Takes benzodiazepines or other sedatives', severity: 'RELATIVE' },
  { code: 'TAKES_OPIOIDS', label: 'Takes opioids', severity: 'RELATIVE' },
  { code: 'TAKES_PSYCHOSTIMULANTS', label: 'Takes psychostimulants', severity: 'RELATIVE' },
  { code: 'TAKES_MAOIS', label: 'Takes monoamine oxidase inhibitors (MAOIs)', severity: 'RELATIVE' },
  { code: 'SEVERE_HEPATIC_IMPAIRMENT', label: 'Severe hepatic impairment', severity: 'RELATIVE' },
  { code: 'ACTIVE_SUICIDAL_INTENT', label: 'Active suicidal intent (needs a safety plan first)', severity: 'RELATIVE' },
];

/** Code → present (true) or absent (false). Either a plain object (JSON input) or a Map. */
export type ScreeningAnswers = Readonly<Record<string, boolean>> | ReadonlyMap<string, boolean>;

export type ScreeningOutcome = 'ELIGIBLE' | 'NEEDS_REVIEW' | 'INELIGIBLE';

export interface ScreeningResult {
  outcome: ScreeningOutcome;
  /** Present items, in checklist order. */
  presentAbsolute: string[];
  presentRelative: string[];
}

/** A screening with a gap is not a screening: an unanswered item is never read as "absent". */
export class IncompleteScreeningError extends Error {
  override readonly name = 'IncompleteScreeningError';
  constructor(
    /** Checklist codes without a yes/no answer. */
    readonly unanswered: readonly string[],
    /** Answered codes the checklist does not know (typos, a stale checklist). */
    readonly unknown: readonly string[],
  ) {
    super(`Screening answers are incomplete: unanswered [${unanswered.join(', ')}], unknown [${unknown.join(', ')}]`);
  }
}

/** Two items sharing a code would make answers and overrides ambiguous. */
export class InvalidChecklistError extends Error {
  override readonly name = 'InvalidChecklistError';
  constructor(readonly duplicateCodes: readonly string[]) {
    super(`Contraindication checklist repeats codes: ${duplicateCodes.join(', ')}`);
  }
}

function answerEntries(answers: ScreeningAnswers): [string, unknown][] {
  return answers instanceof Map ? [...(answers as ReadonlyMap<string, boolean>).entries()] : Object.entries(answers);
}

export function evaluateScreening(checklist: readonly Contraindication[], answers: ScreeningAnswers): ScreeningResult {
  const codes = checklist.map((item) => item.code);
  const duplicates = codes.filter((code, i) => codes.indexOf(code) !== i);
  if (duplicates.length > 0) throw new InvalidChecklistError([...new Set(duplicates)]);

  // Answers may arrive as untyped JSON: anything but a boolean counts as unanswered.
  const given = new Map(answerEntries(answers));
  const unanswered = codes.filter((code) => typeof given.get(code) !== 'boolean');
  const unknown = [...given.keys()].filter((code) => !codes.includes(code));
  if (unanswered.length > 0 || unknown.length > 0) throw new IncompleteScreeningError(unanswered, unknown);

  const present = checklist.filter((item) => given.get(item.code) === true);
  const presentAbsolute = present.filter((item) => item.severity === 'ABSOLUTE').map((item) => item.code);
  const presentRelative = present.filter((item) => item.severity === 'RELATIVE').map((item) => item.code);
  const outcome: ScreeningOutcome = presentAbsolute.length > 0 ? 'INELIGIBLE' : presentRelative.length > 0 ? 'NEEDS_REVIEW' : 'ELIGIBLE';
  return { outcome, presentAbsolute, presentRelative };
}

export interface BloodPressure {
  systolic: number;
  diastolic: number;
}

/** domain.md's default: resting BP above 180/100 is uncontrolled. Clinics may set their own. */
export const UNCONTROLLED_HYPERTENSION_ABOVE: BloodPressure = { systolic: 180, diastolic: 100 };

// Outside these a reading is a typo or a device fault, not a patient: refuse rather than screen on it.
const PLAUSIBLE = { systolic: { min: 50, max: 300 }, diastolic: { min: 20, max: 200 } } as const;

export class InvalidVitalsError extends Error {
  override readonly name = 'InvalidVitalsError';
  constructor(readonly fields: readonly (keyof BloodPressure)[]) {
    super(`Implausible blood pressure reading: ${fields.join(', ')} must be a whole number of mmHg within range`);
  }
}

function plausible(value: number, range: { min: number; max: number }): boolean {
  return Number.isInteger(value) && value >= range.min && value <= range.max;
}

/** Whether baseline vitals show uncontrolled hypertension: strictly above on either number. */
export function hypertensionFromVitals(vitals: BloodPressure, above: BloodPressure = UNCONTROLLED_HYPERTENSION_ABOVE): boolean {
  const invalid = (['systolic', 'diastolic'] as const).filter((field) => !plausible(vitals[field], PLAUSIBLE[field]));
  if (invalid.length > 0) throw new InvalidVitalsError(invalid);
  return vitals.systolic > above.systolic || vitals.diastolic > above.diastolic;
}

/** A prescriber's written reason to proceed despite a relative contraindication. */
export interface ContraindicationOverride {
  code: string;
  reason: string | null | undefined;
}

export type ClearanceVerdict = { ok: true } | { ok: false; missingOverrides: string[]; absolute: string[] };

/**
 * Whether medical clearance may be granted on this screening. Absolute items can never be
 * overridden; every relative item present needs its own override with a written reason, because
 * the reason is what the record must show later. Who may write overrides is an authz matter.
 */
export function canClear(result: ScreeningResult, overrides: readonly ContraindicationOverride[]): ClearanceVerdict {
  const justified = new Set(overrides.filter((o) => typeof o.reason === 'string' && o.reason.trim().length > 0).map((o) => o.code));
  const missingOverrides = result.presentRelative.filter((code) => !justified.has(code));
  const absolute = [...result.presentAbsolute];
  return absolute.length === 0 && missingOverrides.length === 0 ? { ok: true } : { ok: false, missingOverrides, absolute };
}
