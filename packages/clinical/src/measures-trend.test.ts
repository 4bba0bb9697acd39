import type { Instrument } from './measures';
import type { TrendPoint } from './measures-trend';
import { UnknownInstrumentError } from './measures';
import { InvalidTrendError, pcl5MeaningfulChange, phq9Remission, phq9Response, trend } from './measures-trend';
import { caught } from '../test/caught';

const day = (d: number): Date => new Date(Date.UTC(2025, 0, d));

describe('phq9Response', () => {
  it.each([
    [20, 10, true, 'exactly 50%'],
    [20, 11, false, 'just under 50% (45%)'],
    [15, 7, true, 'just over 50% on an odd baseline'],
    [15, 8, false, 'just under 50% on an odd baseline (47%)'],
    [1, 0, true, 'the smallest baseline to zero'],
    [27, 0, true, 'all the way down'],
    [10, 10, false, 'no change'],
    [10, 15, false, 'worse'],
    [0, 0, false, 'baseline 0 cannot halve'],
    [0, 5, false, 'baseline 0, then worse'],
  ])('baseline %i, current %i → %p (%s)', (baseline, current, expected) => {
    expect(phq9Response(baseline, current)).toBe(expected);
  });

  it.each([
    [-1, 0],
    [28, 0],
    [10, Number.NaN],
    [10.5, 5],
    [10, -1],
  ])('refuses totals a PHQ-9 cannot have (%p, %p)', (baseline, current) => {
    expect(caught(() => phq9Response(baseline, current))).toBeInstanceOf(InvalidTrendError);
  });
});

describe('phq9Remission', () => {
  it.each([
    [0, true],
    [4, true],
    [5, false],
    [27, false],
  ])('total %i → %p', (total, expected) => {
    expect(phq9Remission(total)).toBe(expected);
  });

  it.each([[-1], [28], [4.5], [Number.NaN]])('refuses %p', (total) => {
    expect(caught(() => phq9Remission(total))).toBeInstanceOf(InvalidTrendError);
  });
});

describe('pcl5MeaningfulChange', () => {
  it.each([
    [50, 40, true, 'a drop of exactly 10'],
    [50, 41, false, 'a drop of 9'],
    [80, 0, true, 'the whole scale'],
    [40, 50, false, 'a rise is not an improvement'],
    [0, 0, false, 'no change'],
  ])('baseline %i, current %i → %p (%s)', (baseline, current, expected) => {
    expect(pcl5MeaningfulChange(baseline, current)).toBe(expected);
  });

  it.each([
    [81, 70],
    [50, -1],
    [Number.NaN, 0],
  ])('refuses totals a PCL-5 cannot have (%p, %p)', (baseline, current) => {
    expect(caught(() => pcl5MeaningfulChange(baseline, current))).toBeInstanceOf(InvalidTrendError);
  });
});

describe('trend', () => {
  it('has neither baseline nor latest, nor any verdict, without points', () => {
    expect(trend([], 'PHQ9')).toEqual({ baseline: null, latest: null });
    expect(trend([], 'PCL5')).toEqual({ baseline: null, latest: null });
  });

  it('uses the earliest point as baseline and the last as latest, whatever the input order', () => {
    const points = [
      { id: 'b', at: day(15), total: 12 },
      { id: 'c', at: day(29), total: 9 },
      { id: 'a', at: day(1), total: 18 },
    ];
    const result = trend(points, 'PHQ9');
    expect(result.baseline?.id).toBe('a');
    expect(result.latest?.id).toBe('c');
    expect(result).toMatchObject({ response: true, remission: false });
    expect(points.map((p) => p.id)).toEqual(['b', 'c', 'a']);
  });

  it('reports PHQ-9 remission on the latest total', () => {
    const result = trend(
      [
        { at: day(1), total: 20 },
        { at: day(30), total: 4 },
      ],
      'PHQ9',
    );
    expect(result).toEqual({ baseline: { at: day(1), total: 20 }, latest: { at: day(30), total: 4 }, response: true, remission: true });
  });

  it('reports no PHQ-9 response when just under 50%', () => {
    const result = trend(
      [
        { at: day(1), total: 20 },
        { at: day(30), total: 11 },
      ],
      'PHQ9',
    );
    expect(result).toMatchObject({ response: false, remission: false });
  });

  it('with one point, baseline is latest and nothing has changed yet', () => {
    const only = { at: day(1), total: 3 };
    expect(trend([only], 'PHQ9')).toEqual({ baseline: only, latest: only, response: false, remission: true });
    expect(trend([only], 'PCL5')).toEqual({ baseline: only, latest: only, meaningfulChange: false });
  });

  it('keeps the given order for points at the same time', () => {
    const first = { id: 1, at: day(1), total: 10 };
    const second = { id: 2, at: day(1), total: 20 };
    expect(trend([first, second], 'GAD7')).toEqual({ baseline: first, latest: second });
  });

  it('reports PCL-5 meaningful change, and only that', () => {
    const result = trend(
      [
        { at: day(1), total: 50 },
        { at: day(60), total: 40 },
      ],
      'PCL5',
    );
    expect(result).toEqual({ baseline: { at: day(1), total: 50 }, latest: { at: day(60), total: 40 }, meaningfulChange: true });
  });

  it.each(['GAD7', 'CADSS'] as const)('gives %s only baseline and latest', (instrument) => {
    const points = [
      { at: day(1), total: 15 },
      { at: day(9), total: 3 },
    ];
    expect(trend(points, instrument)).toEqual({ baseline: points[0], latest: points[1] });
  });

  it('refuses the C-SSRS screener, which has no total', () => {
    const error = caught(() => trend([{ at: day(1), total: 0 }], 'CSSRS_SCREENER'));
    expect(error).toBeInstanceOf(InvalidTrendError);
    expect((error as InvalidTrendError).instrument).toBe('CSSRS_SCREENER');
  });

  it('refuses an unknown instrument', () => {
    expect(caught(() => trend([], 'BDI' as Instrument))).toBeInstanceOf(UnknownInstrumentError);
  });

  it.each([
    ['an invalid date', [{ at: new Date('not a date'), total: 5 }], 'PHQ9'],
    ['a date that is not a Date', [{ at: '2025-01-01' as unknown as Date, total: 5 }], 'PHQ9'],
    ['a total above the PHQ-9 range', [{ at: day(1), total: 28 }], 'PHQ9'],
    ['a total above the GAD-7 range', [{ at: day(1), total: 22 }], 'GAD7'],
    ['a total above the CADSS range', [{ at: day(1), total: 93 }], 'CADSS'],
    ['a fractional total', [{ at: day(1), total: 40.5 }], 'PCL5'],
  ] as [string, TrendPoint[], Instrument][])('refuses %s', (_case, points, instrument) => {
    expect(caught(() => trend(points, instrument))).toBeInstanceOf(InvalidTrendError);
  });
});
