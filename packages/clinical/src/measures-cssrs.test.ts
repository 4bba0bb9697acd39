import { CSSRS_RISKS, InvalidAnswersError, scoreMeasure } from './measures';
import type { CssrsAnswers } from './measures';

/** Every always-asked question answered no, with the given answers on top. */
function answers(given: Partial<Record<keyof CssrsAnswers, unknown>> = {}): CssrsAnswers {
  return { q1: false, q2: false, q6: false, ...given } as CssrsAnswers;
}

function problemsOf(given: unknown): readonly { item: number | null; message: string }[] {
  try {
    scoreMeasure('CSSRS_SCREENER', given as CssrsAnswers);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidAnswersError);
    expect((error as InvalidAnswersError).instrument).toBe('CSSRS_SCREENER');
    return (error as InvalidAnswersError).problems;
  }
  throw new Error('expected the answers to be refused');
}

describe('C-SSRS screener risk', () => {
  it('has four risk levels, lowest first', () => {
    expect(CSSRS_RISKS).toEqual(['NONE', 'LOW', 'MODERATE', 'HIGH']);
  });

  it.each([
    ['all no, Q3–Q5 absent (skipped)', answers(), 'NONE'],
    ['all no, Q3–Q5 given as no', answers({ q3: false, q4: false, q5: false }), 'NONE'],
    ['all no, Q3–Q5 and recency null (JSON)', answers({ q3: null, q4: null, q5: null, q6WithinPast3Months: null }), 'NONE'],
    ['all no, Q6 recency given as no', answers({ q6WithinPast3Months: false }), 'NONE'],
    ['Q1 only', answers({ q1: true }), 'LOW'],
    ['Q2 only', answers({ q2: true, q3: false, q4: false, q5: false }), 'LOW'],
    ['Q1 and Q2', answers({ q1: true, q2: true, q3: false, q4: false, q5: false }), 'LOW'],
    ['Q3', answers({ q1: true, q2: true, q3: true, q4: false, q5: false }), 'MODERATE'],
    ['Q6 older than 3 months, alone', answers({ q6: true, q6WithinPast3Months: false }), 'MODERATE'],
    ['Q6 older than 3 months, with Q1 and Q2', answers({ q1: true, q2: true, q3: false, q4: false, q5: false, q6: true, q6WithinPast3Months: false }), 'MODERATE'],
    ['Q4', answers({ q1: true, q2: true, q3: false, q4: true, q5: false }), 'HIGH'],
    ['Q5', answers({ q1: true, q2: true, q3: false, q4: false, q5: true }), 'HIGH'],
    ['Q6 within 3 months, alone', answers({ q6: true, q6WithinPast3Months: true }), 'HIGH'],
    ['Q3 and Q6 within 3 months: the highest decides', answers({ q2: true, q3: true, q4: false, q5: false, q6: true, q6WithinPast3Months: true }), 'HIGH'],
    ['Q4 with an older Q6: the highest decides', answers({ q2: true, q3: true, q4: true, q5: false, q6: true, q6WithinPast3Months: false }), 'HIGH'],
    ['everything yes', answers({ q1: true, q2: true, q3: true, q4: true, q5: true, q6: true, q6WithinPast3Months: true }), 'HIGH'],
  ])('%s → %s', (_case, given, risk) => {
    expect(scoreMeasure('CSSRS_SCREENER', given)).toMatchObject({ instrument: 'CSSRS_SCREENER', total: null, band: null, risk });
  });

  it.each([
    ['NONE', answers(), []],
    ['LOW', answers({ q1: true }), []],
    ['MODERATE', answers({ q6: true, q6WithinPast3Months: false }), ['CSSRS_MODERATE']],
    ['HIGH', answers({ q6: true, q6WithinPast3Months: true }), ['CSSRS_HIGH']],
  ])('risk %s gives safety reasons %p', (risk, given, reasons) => {
    expect(scoreMeasure('CSSRS_SCREENER', given)).toEqual({
      instrument: 'CSSRS_SCREENER',
      total: null,
      band: null,
      risk,
      safetySignal: reasons.length > 0,
      safetyReasons: reasons,
    });
  });
});

describe('C-SSRS screener skip logic and completeness', () => {
  it.each([3, 4, 5])('refuses Q%i yes when Q2 is no as inconsistent', (item) => {
    expect(problemsOf(answers({ [`q${item}`]: true }))).toEqual([{ item, message: `Q${item} is yes but is only asked when Q2 is yes` }]);
  });

  it('lists every inconsistent answer at once', () => {
    expect(problemsOf(answers({ q1: true, q3: true, q4: true, q5: true })).map((p) => p.item)).toEqual([3, 4, 5]);
  });

  it.each([3, 4, 5])('refuses Q%i left out when Q2 is yes', (item) => {
    const given = answers({ q2: true, q3: false, q4: false, q5: false, [`q${item}`]: undefined });
    expect(problemsOf(given)).toEqual([{ item, message: `Q${item} needs a yes/no answer because Q2 is yes` }]);
  });

  it('refuses Q6 yes without its recency', () => {
    expect(problemsOf(answers({ q6: true }))).toEqual([{ item: 6, message: 'Q6 is yes, so it needs whether that was within the past 3 months' }]);
    expect(problemsOf(answers({ q6: true, q6WithinPast3Months: null })).map((p) => p.item)).toEqual([6]);
  });

  it('refuses "within the past 3 months" when Q6 is no', () => {
    expect(problemsOf(answers({ q6WithinPast3Months: true }))).toEqual([{ item: 6, message: 'Q6 is no, so it cannot have been within the past 3 months' }]);
  });

  it.each([1, 2, 6])('refuses Q%i left out', (item) => {
    const given: Record<string, unknown> = { q1: false, q2: false, q6: false };
    delete given[`q${item}`];
    expect(problemsOf(given)).toEqual([{ item, message: `Q${item} needs a yes/no answer` }]);
  });

  it.each([['yes'], [1], [0], [null]])('refuses %p as a yes/no answer', (value) => {
    expect(problemsOf(answers({ q1: value })).map((p) => p.item)).toEqual([1]);
  });

  it('refuses a non-boolean Q3 even when Q2 is no', () => {
    expect(problemsOf(answers({ q3: 'no' }))).toEqual([{ item: 3, message: 'Q3 must be yes/no or absent' }]);
  });

  it('refuses a non-boolean recency', () => {
    expect(problemsOf(answers({ q6WithinPast3Months: 'recent' }))).toEqual([{ item: 6, message: 'Q6 "within the past 3 months" must be yes/no or absent' }]);
  });

  it('refuses questions the screener does not have', () => {
    expect(problemsOf(answers({ q7: true } as never))).toEqual([{ item: null, message: '"q7" is not a C-SSRS screener question' }]);
  });

  it.each([[null], [[true, false, false, false, false, false]], ['NONE'], [undefined]])('refuses %p as the answer set', (given) => {
    expect(problemsOf(given).map((p) => p.item)).toEqual([null]);
  });

  it('refuses an empty object, naming every always-asked question', () => {
    expect(problemsOf({}).map((p) => p.item)).toEqual([1, 2, 6]);
  });
});
