// Outcome measures (docs: /design/domain.md, "Outcome measures"). The server scores every measure
// from the item answers alone: a total, band or risk sent by a client is never trusted, and an
// answer set with any gap or bad value is refused whole, because a partial total reads as a
// lower (safer-looking) score than the patient gave.

import { readCssrs } from './measures-cssrs';
import type { AnswerProblem, CssrsAnswers, CssrsRisk } from './measures-cssrs';

export { CSSRS_RISKS } from './measures-cssrs';
export type { AnswerProblem, CssrsAnswers, CssrsRisk } from './measures-cssrs';

/** Stored with every response (measure_response.instrument), so never renamed. */
export const INSTRUMENTS = ['PHQ9', 'GAD7', 'PCL5', 'CSSRS_SCREENER', 'CADSS'] as const;
export type Instrument = (typeof INSTRUMENTS)[number];

export function isInstrument(value: unknown): value is Instrument {
  return (INSTRUMENTS as readonly unknown[]).includes(value);
}

/** Instruments answered as a list of item scores; the C-SSRS screener is yes/no questions instead. */
export type ItemScaleInstrument = Exclude<Instrument, 'CSSRS_SCREENER'>;

/** Item count and highest item score (each item is a whole number from 0 to `max`). */
export const ITEM_SCALES: Readonly<Record<ItemScaleInstrument, { readonly items: number; readonly max: number }>> = {
  PHQ9: { items: 9, max: 3 },
  GAD7: { items: 7, max: 3 },
  PCL5: { items: 20, max: 4 },
  CADSS: { items: 23, max: 4 },
};

export type Phq9Band = 'MINIMAL' | 'MILD' | 'MODERATE' | 'MODERATELY_SEVERE' | 'SEVERE';
export type Gad7Band = 'MINIMAL' | 'MILD' | 'MODERATE' | 'SEVERE';

/** Published bands as inclusive lower bounds, highest first; printable for clinicians as is. */
export const PHQ9_BANDS: readonly { readonly band: Phq9Band; readonly from: number }[] = [
  { band: 'SEVERE', from: 20 },
  { band: 'MODERATELY_SEVERE', from: 15 },
  { band: 'MODERATE', from: 10 },
  { band: 'MILD', from: 5 },
  { band: 'MINIMAL', from: 0 },
];
export const GAD7_BANDS: readonly { readonly band: Gad7Band; readonly from: number }[] = [
  { band: 'SEVERE', from: 15 },
  { band: 'MODERATE', from: 10 },
  { band: 'MILD', from: 5 },
  { band: 'MINIMAL', from: 0 },
];

/** domain.md: probable PTSD from 31–33 upwards; clinics may choose, 33 unless they do. */
export const PCL5_DEFAULT_CUT_OFF = 33;

export type Pcl5Cluster = 'B' | 'C' | 'D' | 'E';

/** DSM-5 clusters by 1-based item, and how many endorsed items each needs for the criterion. */
export const PCL5_CLUSTERS: Readonly<Record<Pcl5Cluster, { readonly first: number; readonly last: number; readonly needEndorsed: number }>> = {
  B: { first: 1, last: 5, needEndorsed: 1 },
  C: { first: 6, last: 7, needEndorsed: 1 },
  D: { first: 8, last: 14, needEndorsed: 2 },
  E: { first: 15, last: 20, needEndorsed: 2 },
};

/** A PCL-5 item counts as endorsed at "moderately" (2) or above. */
export const PCL5_ENDORSED_FROM = 2;

/** Stored on the safety signal (safety_signal.reasons), so never renamed. */
export const SAFETY_REASONS = ['PHQ9_ITEM9', 'CSSRS_MODERATE', 'CSSRS_HIGH'] as const;
export type SafetyReason = (typeof SAFETY_REASONS)[number];

interface Scored {
  /** Whether the care team must be alerted at once: true exactly when `safetyReasons` is not empty. */
  safetySignal: boolean;
  safetyReasons: SafetyReason[];
}

export interface Phq9Score extends Scored {
  instrument: 'PHQ9';
  total: number;
  band: Phq9Band;
}

export interface Gad7Score extends Scored {
  instrument: 'GAD7';
  total: number;
  band: Gad7Band;
}

export interface Pcl5ClusterScore {
  subtotal: number;
  /** Items in the cluster scored 2 or more. */
  endorsed: number;
  criterionMet: boolean;
}

export interface Pcl5Score extends Scored {
  instrument: 'PCL5';
  total: number;
  band: null;
  /** The cut-off this score was judged against, kept so a later change of setting cannot reword it. */
  cutOff: number;
  probablePtsd: boolean;
  clusters: Record<Pcl5Cluster, Pcl5ClusterScore>;
  /** Every cluster's criterion met (B ≥ 1, C ≥ 1, D ≥ 2, E ≥ 2 endorsed items). */
  clusterCriteriaMet: boolean;
}

export interface CssrsScore extends Scored {
  instrument: 'CSSRS_SCREENER';
  /** The screener has no total or band, only a risk. */
  total: null;
  band: null;
  risk: CssrsRisk;
}

export interface CadssScore extends Scored {
  instrument: 'CADSS';
  total: number;
  /** Descriptive only: the CADSS has no published cut-off. */
  band: null;
}

export type MeasureScore = Phq9Score | Gad7Score | Pcl5Score | CssrsScore | CadssScore;
export type ScoreFor<I extends Instrument> = Extract<MeasureScore, { instrument: I }>;

export interface MeasureOptions {
  /** PCL-5 probable-PTSD cut-off (total ≥ cut-off); PCL5_DEFAULT_CUT_OFF unless the clinic set one. */
  pcl5CutOff?: number;
}

/** Never a partial score: every problem found is listed so the form can be fixed in one go. */
export class InvalidAnswersError extends Error {
  override readonly name = 'InvalidAnswersError';
  constructor(
    readonly instrument: Instrument,
    readonly problems: readonly AnswerProblem[],
  ) {
    super(`Invalid ${instrument} answers: ${problems.map((p) => (p.item === null ? p.message : `item ${p.item}: ${p.message}`)).join('; ')}`);
  }
}

/** An instrument name from outside (a request, a stored row) that this module does not know. */
export class UnknownInstrumentError extends Error {
  override readonly name = 'UnknownInstrumentError';
  constructor(readonly instrument: unknown) {
    super(`Unknown outcome measure instrument: ${String(instrument)}`);
  }
}

/** A clinic setting outside the PCL-5's 0–80 total cannot mean anything, so it is refused. */
export class InvalidCutOffError extends Error {
  override readonly name = 'InvalidCutOffError';
  constructor(readonly cutOff: number) {
    super(`PCL-5 cut-off must be a whole number from 1 to 80, got ${String(cutOff)}`);
  }
}

/** Item scores, checked against the instrument's item count and range; throws rather than guess. */
function itemScores(instrument: ItemScaleInstrument, answers: unknown): number[] {
  const { items, max } = ITEM_SCALES[instrument];
  if (!Array.isArray(answers)) {
    throw new InvalidAnswersError(instrument, [{ item: null, message: `expected a list of ${items} item scores` }]);
  }
  const values: readonly unknown[] = answers;
  const problems: AnswerProblem[] = [];
  if (values.length !== items) problems.push({ item: null, message: `expected ${items} answers, got ${values.length}` });
  // Index loop rather than map/forEach, which skip the holes of a sparse array.
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i];
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      problems.push({ item: i + 1, message: `must be a whole number from 0 to ${max}, got ${String(value)}` });
    } else if (value < 0 || value > max) {
      problems.push({ item: i + 1, message: `must be from 0 to ${max}, got ${value}` });
    }
  }
  if (problems.length > 0) throw new InvalidAnswersError(instrument, problems);
  return values as number[];
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function bandOf<B extends string>(bands: readonly { readonly band: B; readonly from: number }[], total: number): B {
  const found = bands.find((row) => total >= row.from);
  // Totals are checked before banding and every table starts at 0, so this is a programming error.
  if (found === undefined) throw new Error(`No band for total ${total}`);
  return found.band;
}

function scored(reasons: SafetyReason[]): Scored {
  return { safetySignal: reasons.length > 0, safetyReasons: reasons };
}

function scorePcl5(scores: readonly number[], cutOff: number): Pcl5Score {
  if (!Number.isInteger(cutOff) || cutOff < 1 || cutOff > ITEM_SCALES.PCL5.items * ITEM_SCALES.PCL5.max) {
    throw new InvalidCutOffError(cutOff);
  }
  const cluster = (name: Pcl5Cluster): Pcl5ClusterScore => {
    const { first, last, needEndorsed } = PCL5_CLUSTERS[name];
    const items = scores.slice(first - 1, last);
    const endorsed = items.filter((score) => score >= PCL5_ENDORSED_FROM).length;
    return { subtotal: sum(items), endorsed, criterionMet: endorsed >= needEndorsed };
  };
  const clusters = { B: cluster('B'), C: cluster('C'), D: cluster('D'), E: cluster('E') };
  const total = sum(scores);
  return {
    instrument: 'PCL5',
    total,
    band: null,
    cutOff,
    probablePtsd: total >= cutOff,
    clusters,
    clusterCriteriaMet: Object.values(clusters).every((c) => c.criterionMet),
    ...scored([]),
  };
}

export function scoreMeasure(instrument: 'PHQ9', answers: readonly number[]): Phq9Score;
export function scoreMeasure(instrument: 'GAD7', answers: readonly number[]): Gad7Score;
export function scoreMeasure(instrument: 'PCL5', answers: readonly number[], options?: MeasureOptions): Pcl5Score;
export function scoreMeasure(instrument: 'CSSRS_SCREENER', answers: CssrsAnswers): CssrsScore;
export function scoreMeasure(instrument: 'CADSS', answers: readonly number[]): CadssScore;
export function scoreMeasure(instrument: Instrument, answers: readonly number[] | CssrsAnswers, options?: MeasureOptions): MeasureScore;
/** Scores one administration from its item answers; throws InvalidAnswersError rather than score part of it. */
export function scoreMeasure(instrument: Instrument, answers: readonly number[] | CssrsAnswers, options: MeasureOptions = {}): MeasureScore {
  switch (instrument) {
    case 'PHQ9': {
      const scores = itemScores(instrument, answers);
      const total = sum(scores);
      // Item 9 asks about thoughts of self-harm: any answer above "not at all" is a signal.
      return { instrument, total, band: bandOf(PHQ9_BANDS, total), ...scored((scores[8] ?? 0) > 0 ? ['PHQ9_ITEM9'] : []) };
    }
    case 'GAD7': {
      const total = sum(itemScores(instrument, answers));
      return { instrument, total, band: bandOf(GAD7_BANDS, total), ...scored([]) };
    }
    case 'PCL5':
      return scorePcl5(itemScores(instrument, answers), options.pcl5CutOff ?? PCL5_DEFAULT_CUT_OFF);
    case 'CSSRS_SCREENER': {
      const reading = readCssrs(answers);
      if (!reading.ok) throw new InvalidAnswersError(instrument, reading.problems);
      const reasons: SafetyReason[] = reading.risk === 'HIGH' ? ['CSSRS_HIGH'] : reading.risk === 'MODERATE' ? ['CSSRS_MODERATE'] : [];
      return { instrument, total: null, band: null, risk: reading.risk, ...scored(reasons) };
    }
    case 'CADSS':
      return { instrument, total: sum(itemScores(instrument, answers)), band: null, ...scored([]) };
    default:
      // Reachable from untyped callers (a request body, a stored row).
      throw new UnknownInstrumentError(instrument);
  }
}
