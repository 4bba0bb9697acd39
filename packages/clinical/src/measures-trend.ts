// Trends over a case's administrations (docs: /design/domain.md, "Outcome measures"): PHQ-9
// response and remission, PCL-5 meaningful change. Inputs are totals scoreMeasure already
// produced; they are still checked, because a wrong total here silently rewords a case's progress.

import { ITEM_SCALES, UnknownInstrumentError, isInstrument } from './measures';
import type { Instrument, ItemScaleInstrument } from './measures';

/** PHQ-9 remission: a total below this. */
export const PHQ9_REMISSION_BELOW = 5;
/** PCL-5: a drop of at least this many points is clinically meaningful. */
export const PCL5_MEANINGFUL_CHANGE = 10;

export class InvalidTrendError extends Error {
  override readonly name = 'InvalidTrendError';
  constructor(
    readonly instrument: Instrument,
    detail: string,
  ) {
    super(`Invalid ${instrument} trend input: ${detail}`);
  }
}

function checkTotal(instrument: ItemScaleInstrument, total: number, what: string): void {
  const { items, max } = ITEM_SCALES[instrument];
  if (!Number.isInteger(total) || total < 0 || total > items * max) {
    throw new InvalidTrendError(instrument, `${what} must be a whole number from 0 to ${items * max}, got ${String(total)}`);
  }
}

/**
 * PHQ-9 response: at least a 50% reduction from the case's baseline. A baseline of 0 cannot halve,
 * so it is never a response. Compared in whole numbers (2 × current ≤ baseline) to avoid rounding.
 */
export function phq9Response(baseline: number, current: number): boolean {
  checkTotal('PHQ9', baseline, 'baseline');
  checkTotal('PHQ9', current, 'current total');
  return baseline > 0 && current * 2 <= baseline;
}

export function phq9Remission(total: number): boolean {
  checkTotal('PHQ9', total, 'total');
  return total < PHQ9_REMISSION_BELOW;
}

/** Only an improvement counts: a rise of 10 points is meaningful too, but it is not this question. */
export function pcl5MeaningfulChange(baseline: number, current: number): boolean {
  checkTotal('PCL5', baseline, 'baseline');
  checkTotal('PCL5', current, 'current total');
  return baseline - current >= PCL5_MEANINGFUL_CHANGE;
}

export interface TrendPoint {
  readonly at: Date;
  readonly total: number;
}

export interface Trend<P extends TrendPoint = TrendPoint> {
  /** The earliest administration: the case's baseline. */
  baseline: P | null;
  latest: P | null;
  /** PHQ-9 only, when there is a point: latest against baseline. */
  response?: boolean;
  remission?: boolean;
  /** PCL-5 only, when there is a point. */
  meaningfulChange?: boolean;
}

/**
 * Baseline and latest of one instrument's points, in time order whatever order they came in
 * (ties keep their given order). Points keep their own type, so callers get their ids back.
 */
export function trend<P extends TrendPoint>(points: readonly P[], instrument: Instrument): Trend<P> {
  if (!isInstrument(instrument)) throw new UnknownInstrumentError(instrument);
  if (instrument === 'CSSRS_SCREENER') throw new InvalidTrendError(instrument, 'the C-SSRS screener has no total to trend');
  points.forEach((point, i) => {
    if (!(point.at instanceof Date) || Number.isNaN(point.at.getTime())) {
      throw new InvalidTrendError(instrument, `point ${i + 1} has no valid date`);
    }
    checkTotal(instrument, point.total, `point ${i + 1}'s total`);
  });
  const ordered = [...points].sort((a, b) => a.at.getTime() - b.at.getTime());
  const baseline = ordered[0];
  const latest = ordered[ordered.length - 1];
  if (baseline === undefined || latest === undefined) return { baseline: null, latest: null };

  switch (instrument) {
    case 'PHQ9':
      return { baseline, latest, response: phq9Response(baseline.total, latest.total), remission: phq9Remission(latest.total) };
    case 'PCL5':
      return { baseline, latest, meaningfulChange: pcl5MeaningfulChange(baseline.total, latest.total) };
    case 'GAD7':
    case 'CADSS':
      return { baseline, latest };
  }
}
