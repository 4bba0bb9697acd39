import {
  GAD7_BANDS,
  INSTRUMENTS,
  ITEM_SCALES,
  InvalidAnswersError,
  InvalidCutOffError,
  PCL5_CLUSTERS,
  PCL5_DEFAULT_CUT_OFF,
  PHQ9_BANDS,
  SAFETY_REASONS,
  UnknownInstrumentError,
  isInstrument,
  scoreMeasure,
} from './measures';
import type { Instrument, ItemScaleInstrument, Pcl5Cluster } from './measures';
import { caught } from '../test/caught';

/**
 * `count` item scores adding up to `total`, filled from item 1 with `max` each, so later items
 * (PHQ-9 item 9 among them) stay 0 for as long as the total allows.
 */
function totalling(count: number, max: number, total: number): number[] {
  let left = total;
  return Array.from({ length: count }, () => {
    const score = Math.min(max, left);
    left -= score;
    return score;
  });
}

function answersFor(instrument: ItemScaleInstrument, total: number): number[] {
  const { items, max } = ITEM_SCALES[instrument];
  return totalling(items, max, total);
}

function problemsOf(run: () => unknown): readonly { item: number | null; message: string }[] {
  const error = caught(run);
  expect(error).toBeInstanceOf(InvalidAnswersError);
  return (error as InvalidAnswersError).problems;
}

describe('instruments', () => {
  it('are the five of domain.md, under their stored names', () => {
    expect(INSTRUMENTS).toEqual(['PHQ9', 'GAD7', 'PCL5', 'CSSRS_SCREENER', 'CADSS']);
    expect(SAFETY_REASONS).toEqual(['PHQ9_ITEM9', 'CSSRS_MODERATE', 'CSSRS_HIGH']);
  });

  it('have the published item counts and ranges', () => {
    expect(ITEM_SCALES).toEqual({ PHQ9: { items: 9, max: 3 }, GAD7: { items: 7, max: 3 }, PCL5: { items: 20, max: 4 }, CADSS: { items: 23, max: 4 } });
  });

  it('isInstrument accepts only known names', () => {
    for (const instrument of INSTRUMENTS) expect(isInstrument(instrument)).toBe(true);
    for (const other of ['phq9', 'PHQ-9', '', null, undefined, 9]) expect(isInstrument(other)).toBe(false);
  });

  it('refuses an unknown instrument from an untyped caller', () => {
    const error = caught(() => scoreMeasure('BDI' as Instrument, [0]));
    expect(error).toBeInstanceOf(UnknownInstrumentError);
    expect((error as UnknownInstrumentError).instrument).toBe('BDI');
  });
});

describe('PHQ-9', () => {
  it('has the published band table', () => {
    expect(PHQ9_BANDS.map((row) => [row.band, row.from])).toEqual([
      ['SEVERE', 20],
      ['MODERATELY_SEVERE', 15],
      ['MODERATE', 10],
      ['MILD', 5],
      ['MINIMAL', 0],
    ]);
  });

  it.each([
    [0, 'MINIMAL'],
    [4, 'MINIMAL'],
    [5, 'MILD'],
    [9, 'MILD'],
    [10, 'MODERATE'],
    [14, 'MODERATE'],
    [15, 'MODERATELY_SEVERE'],
    [19, 'MODERATELY_SEVERE'],
    [20, 'SEVERE'],
    [27, 'SEVERE'],
  ])('total %i is %s', (total, band) => {
    const score = scoreMeasure('PHQ9', answersFor('PHQ9', total));
    expect(score).toMatchObject({ instrument: 'PHQ9', total, band });
  });

  it('is no safety signal while item 9 is 0, even at the highest total item 9 allows', () => {
    const answers = [3, 3, 3, 3, 3, 3, 3, 3, 0];
    expect(scoreMeasure('PHQ9', answers)).toEqual({ instrument: 'PHQ9', total: 24, band: 'SEVERE', safetySignal: false, safetyReasons: [] });
  });

  it.each([1, 2, 3])('is a safety signal when item 9 is %i, whatever the total', (item9) => {
    const score = scoreMeasure('PHQ9', [0, 0, 0, 0, 0, 0, 0, 0, item9]);
    expect(score).toEqual({ instrument: 'PHQ9', total: item9, band: 'MINIMAL', safetySignal: true, safetyReasons: ['PHQ9_ITEM9'] });
  });

  it('reads item 9 by position, not any other item', () => {
    expect(scoreMeasure('PHQ9', [0, 0, 0, 0, 0, 0, 0, 3, 0]).safetySignal).toBe(false);
    expect(scoreMeasure('PHQ9', [3, 0, 0, 0, 0, 0, 0, 0, 0]).safetySignal).toBe(false);
  });

  it('refuses 8 answers', () => {
    expect(problemsOf(() => scoreMeasure('PHQ9', [0, 0, 0, 0, 0, 0, 0, 0]))).toEqual([{ item: null, message: 'expected 9 answers, got 8' }]);
  });

  it('refuses 10 answers', () => {
    expect(problemsOf(() => scoreMeasure('PHQ9', Array<number>(10).fill(1)))).toEqual([{ item: null, message: 'expected 9 answers, got 10' }]);
  });

  it('refuses no answers', () => {
    expect(problemsOf(() => scoreMeasure('PHQ9', []))).toEqual([{ item: null, message: 'expected 9 answers, got 0' }]);
  });

  it.each([
    [4, 'above the item range'],
    [-1, 'below the item range'],
    [1.5, 'not whole'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'infinite'],
  ])('refuses an answer of %p (%s), naming the item', (bad) => {
    const answers = [0, 1, 2, 3, 0, 1, 2, 3, 0];
    answers[3] = bad;
    const problems = problemsOf(() => scoreMeasure('PHQ9', answers));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.item).toBe(4);
    expect(problems[0]?.message).toContain('0 to 3');
  });

  it.each([['2'], [null], [undefined], [true], [{}]])('refuses an untyped answer %p', (bad) => {
    const answers: unknown[] = [0, 0, 0, 0, 0, 0, 0, 0, 0];
    answers[8] = bad;
    expect(problemsOf(() => scoreMeasure('PHQ9', answers as number[])).map((p) => p.item)).toEqual([9]);
  });

  it('refuses a sparse array: a hole is an unanswered item, not a 0', () => {
    const answers = [0, 0, 0, 0, 0, 0, 0, 0, 0];
    // eslint-disable-next-line @typescript-eslint/no-array-delete -- the hole is the point
    delete answers[2];
    expect(problemsOf(() => scoreMeasure('PHQ9', answers)).map((p) => p.item)).toEqual([3]);
  });

  it('lists every problem at once rather than the first', () => {
    const problems = problemsOf(() => scoreMeasure('PHQ9', [4, -1, 1.5, Number.NaN, 0, 0, 0, 0]));
    expect(problems.map((p) => p.item)).toEqual([null, 1, 2, 3, 4]);
  });

  it('says what was wrong in the error message', () => {
    const error = caught(() => scoreMeasure('PHQ9', [0, 0, 0, 0, 0, 0, 0, 0, 4])) as InvalidAnswersError;
    expect(error.name).toBe('InvalidAnswersError');
    expect(error.instrument).toBe('PHQ9');
    expect(error.message).toBe('Invalid PHQ9 answers: item 9: must be from 0 to 3, got 4');
  });

  it('refuses answers that are not a list', () => {
    expect(problemsOf(() => scoreMeasure('PHQ9', { q1: true, q2: false, q6: false }))).toEqual([
      { item: null, message: 'expected a list of 9 item scores' },
    ]);
    expect(problemsOf(() => scoreMeasure('PHQ9', null as unknown as number[]))).toHaveLength(1);
  });
});

describe('GAD-7', () => {
  it('has the published band table', () => {
    expect(GAD7_BANDS.map((row) => [row.band, row.from])).toEqual([
      ['SEVERE', 15],
      ['MODERATE', 10],
      ['MILD', 5],
      ['MINIMAL', 0],
    ]);
  });

  it.each([
    [0, 'MINIMAL'],
    [4, 'MINIMAL'],
    [5, 'MILD'],
    [9, 'MILD'],
    [10, 'MODERATE'],
    [14, 'MODERATE'],
    [15, 'SEVERE'],
    [21, 'SEVERE'],
  ])('total %i is %s', (total, band) => {
    expect(scoreMeasure('GAD7', answersFor('GAD7', total))).toEqual({ instrument: 'GAD7', total, band, safetySignal: false, safetyReasons: [] });
  });

  it('is never a safety signal, whatever its last item', () => {
    expect(scoreMeasure('GAD7', [0, 0, 0, 0, 0, 0, 3]).safetySignal).toBe(false);
  });

  it.each([[6], [8], [9]])('refuses %i answers', (count) => {
    expect(problemsOf(() => scoreMeasure('GAD7', Array<number>(count).fill(0)))).toEqual([{ item: null, message: `expected 7 answers, got ${count}` }]);
  });

  it('refuses an answer of 4', () => {
    expect(problemsOf(() => scoreMeasure('GAD7', [0, 0, 0, 0, 0, 0, 4])).map((p) => p.item)).toEqual([7]);
  });
});

describe('PCL-5', () => {
  it('has the DSM-5 clusters of domain.md', () => {
    expect(PCL5_CLUSTERS).toEqual({
      B: { first: 1, last: 5, needEndorsed: 1 },
      C: { first: 6, last: 7, needEndorsed: 1 },
      D: { first: 8, last: 14, needEndorsed: 2 },
      E: { first: 15, last: 20, needEndorsed: 2 },
    });
    expect(PCL5_DEFAULT_CUT_OFF).toBe(33);
  });

  it.each([
    [0, false],
    [32, false],
    [33, true],
    [80, true],
  ])('with the default cut-off, total %i is probable PTSD: %p', (total, probable) => {
    const score = scoreMeasure('PCL5', answersFor('PCL5', total));
    expect(score).toMatchObject({ instrument: 'PCL5', total, band: null, cutOff: 33, probablePtsd: probable, safetySignal: false, safetyReasons: [] });
  });

  it.each([
    [30, false],
    [31, true],
    [32, true],
  ])('with a cut-off of 31, total %i is probable PTSD: %p', (total, probable) => {
    const score = scoreMeasure('PCL5', answersFor('PCL5', total), { pcl5CutOff: 31 });
    expect(score).toMatchObject({ total, cutOff: 31, probablePtsd: probable });
  });

  it.each([[0], [81], [32.5], [Number.NaN], [-33]])('refuses a cut-off of %p', (cutOff) => {
    const error = caught(() => scoreMeasure('PCL5', answersFor('PCL5', 40), { pcl5CutOff: cutOff }));
    expect(error).toBeInstanceOf(InvalidCutOffError);
    expect((error as InvalidCutOffError).cutOff).toBe(cutOff);
  });

  it('checks the answers before the cut-off', () => {
    expect(caught(() => scoreMeasure('PCL5', [1], { pcl5CutOff: 0 }))).toBeInstanceOf(InvalidAnswersError);
  });

  it('subtotals each cluster over its own items', () => {
    // B 1–5, C 6–7, D 8–14, E 15–20
    const answers = [1, 2, 3, 4, 0, 4, 1, 0, 1, 2, 3, 4, 0, 1, 2, 2, 0, 0, 0, 1];
    const score = scoreMeasure('PCL5', answers);
    expect(score.total).toBe(31);
    expect(score.clusters).toEqual({
      B: { subtotal: 10, endorsed: 3, criterionMet: true },
      C: { subtotal: 5, endorsed: 1, criterionMet: true },
      D: { subtotal: 11, endorsed: 3, criterionMet: true },
      E: { subtotal: 5, endorsed: 2, criterionMet: true },
    });
    expect(score.clusterCriteriaMet).toBe(true);
    expect(score.probablePtsd).toBe(false);
  });

  it('gives each cluster the subtotal of its items alone', () => {
    for (const [name, { first, last }] of Object.entries(PCL5_CLUSTERS) as [Pcl5Cluster, (typeof PCL5_CLUSTERS)[Pcl5Cluster]][]) {
      const answers = Array.from({ length: 20 }, (_, i) => (i + 1 >= first && i + 1 <= last ? 4 : 0));
      const score = scoreMeasure('PCL5', answers);
      const expected = { B: 0, C: 0, D: 0, E: 0, [name]: (last - first + 1) * 4 };
      expect(Object.fromEntries(Object.entries(score.clusters).map(([c, s]) => [c, s.subtotal]))).toEqual(expected);
    }
  });

  /** Exactly the endorsed items each cluster needs (scored 2), every other item 1: all criteria just met. */
  function justMeetingCriteria(): number[] {
    const answers = Array<number>(20).fill(1);
    for (const { first, needEndorsed } of Object.values(PCL5_CLUSTERS)) {
      for (let k = 0; k < needEndorsed; k += 1) answers[first - 1 + k] = 2;
    }
    return answers;
  }

  it('meets the cluster criteria with exactly B 1, C 1, D 2 and E 2 items endorsed', () => {
    const score = scoreMeasure('PCL5', justMeetingCriteria());
    expect(Object.values(score.clusters).map((c) => [c.endorsed, c.criterionMet])).toEqual([
      [1, true],
      [1, true],
      [2, true],
      [2, true],
    ]);
    expect(score.clusterCriteriaMet).toBe(true);
  });

  it.each(['B', 'C', 'D', 'E'] as const)('misses cluster %s criterion with one endorsed item fewer, and so the whole criterion', (name) => {
    const answers = justMeetingCriteria();
    answers[PCL5_CLUSTERS[name].first - 1] = 1;
    const score = scoreMeasure('PCL5', answers);
    expect(score.clusters[name]).toMatchObject({ endorsed: PCL5_CLUSTERS[name].needEndorsed - 1, criterionMet: false });
    for (const other of (['B', 'C', 'D', 'E'] as const).filter((c) => c !== name)) expect(score.clusters[other].criterionMet).toBe(true);
    expect(score.clusterCriteriaMet).toBe(false);
  });

  it('counts an item as endorsed at 2, not at 1', () => {
    const allOnes = scoreMeasure('PCL5', Array<number>(20).fill(1));
    expect(allOnes.total).toBe(20);
    expect(Object.values(allOnes.clusters).every((c) => c.endorsed === 0 && !c.criterionMet)).toBe(true);
    expect(allOnes.clusterCriteriaMet).toBe(false);
  });

  it('judges the cut-off and the cluster criteria independently', () => {
    const highButNarrow = scoreMeasure('PCL5', [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(highButNarrow).toMatchObject({ total: 40, probablePtsd: true, clusterCriteriaMet: false });
    const lowButBroad = scoreMeasure('PCL5', justMeetingCriteria());
    expect(lowButBroad).toMatchObject({ total: 26, probablePtsd: false, clusterCriteriaMet: true });
  });

  it.each([[19], [21]])('refuses %i answers', (count) => {
    expect(problemsOf(() => scoreMeasure('PCL5', Array<number>(count).fill(0)))).toEqual([{ item: null, message: `expected 20 answers, got ${count}` }]);
  });

  it('refuses an answer of 5', () => {
    const answers = Array<number>(20).fill(0);
    answers[19] = 5;
    expect(problemsOf(() => scoreMeasure('PCL5', answers))).toEqual([{ item: 20, message: 'must be from 0 to 4, got 5' }]);
  });
});

describe('CADSS', () => {
  it.each([[0], [46], [92]])('totals %i with no band and no safety signal', (total) => {
    expect(scoreMeasure('CADSS', answersFor('CADSS', total))).toEqual({ instrument: 'CADSS', total, band: null, safetySignal: false, safetyReasons: [] });
  });

  it.each([[22], [24]])('refuses %i answers', (count) => {
    expect(problemsOf(() => scoreMeasure('CADSS', Array<number>(count).fill(0)))).toEqual([{ item: null, message: `expected 23 answers, got ${count}` }]);
  });

  it('refuses an answer of 5 or -1', () => {
    const answers = Array<number>(23).fill(2);
    answers[0] = 5;
    answers[22] = -1;
    expect(problemsOf(() => scoreMeasure('CADSS', answers)).map((p) => p.item)).toEqual([1, 23]);
  });
});

describe('scoreMeasure through the wide signature', () => {
  it.each(INSTRUMENTS.filter((i): i is ItemScaleInstrument => i !== 'CSSRS_SCREENER'))('scores %s by its instrument tag', (instrument) => {
    const score = scoreMeasure(instrument as Instrument, answersFor(instrument, 3));
    expect(score.instrument).toBe(instrument);
    expect(score.total).toBe(3);
  });

  it('refuses another instrument’s answer count (PHQ-9 answers as GAD-7)', () => {
    expect(problemsOf(() => scoreMeasure('GAD7', answersFor('PHQ9', 5)))).toEqual([{ item: null, message: 'expected 7 answers, got 9' }]);
  });
});
