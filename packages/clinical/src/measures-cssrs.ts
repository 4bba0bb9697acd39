// C-SSRS screener (docs: /design/domain.md, "Outcome measures"). Kept apart from measures.ts
// because its answers are yes/no questions with skip logic, not a list of item scores. This file
// only reads answers and decides the risk; measures.ts turns problems into InvalidAnswersError.

export const CSSRS_RISKS = ['NONE', 'LOW', 'MODERATE', 'HIGH'] as const;
export type CssrsRisk = (typeof CSSRS_RISKS)[number];

/** The screener's six questions, answered yes (true) or no (false). */
export interface CssrsAnswers {
  /** Q1: wished you were dead or could go to sleep and not wake up. */
  readonly q1: boolean;
  /** Q2: actually had thoughts of killing yourself. */
  readonly q2: boolean;
  /** Q3–Q5 are asked only when Q2 is yes: when Q2 is no they are false or absent. */
  readonly q3?: boolean | null;
  readonly q4?: boolean | null;
  readonly q5?: boolean | null;
  /** Q6: ever done, started or prepared to do anything to end your life. Asked of everyone. */
  readonly q6: boolean;
  /** Only when Q6 is yes: whether that was within the past 3 months. */
  readonly q6WithinPast3Months?: boolean | null;
}

/** One reason a set of answers was refused; `item` is 1-based, null when about the set as a whole. */
export interface AnswerProblem {
  item: number | null;
  message: string;
}

export type CssrsReading = { ok: true; risk: CssrsRisk } | { ok: false; problems: AnswerProblem[] };

const ALWAYS_ASKED = [1, 2, 6] as const;
const ASKED_IF_Q2 = [3, 4, 5] as const;
const KNOWN_KEYS: readonly string[] = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q6WithinPast3Months'];

// Answers arrive as untyped JSON, so nothing here trusts the declared type.
function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

function problemsOf(answers: Readonly<Record<string, unknown>>): AnswerProblem[] {
  const problems: AnswerProblem[] = Object.keys(answers)
    .filter((key) => !KNOWN_KEYS.includes(key))
    .map((key) => ({ item: null, message: `"${key}" is not a C-SSRS screener question` }));

  for (const item of ALWAYS_ASKED) {
    if (typeof answers[`q${item}`] !== 'boolean') problems.push({ item, message: `Q${item} needs a yes/no answer` });
  }

  // Skip logic: Q3–Q5 follow a yes to Q2. A yes to one of them after a no to Q2 means the form
  // was not the screener as administered, and guessing which answer is wrong could hide risk.
  for (const item of ASKED_IF_Q2) {
    const value = answers[`q${item}`];
    if (answers.q2 === true && typeof value !== 'boolean') {
      problems.push({ item, message: `Q${item} needs a yes/no answer because Q2 is yes` });
    } else if (answers.q2 === false && value === true) {
      problems.push({ item, message: `Q${item} is yes but is only asked when Q2 is yes` });
    } else if (typeof value !== 'boolean' && !isAbsent(value)) {
      problems.push({ item, message: `Q${item} must be yes/no or absent` });
    }
  }

  // Recency is what separates moderate from high risk on Q6, so a yes without it is incomplete.
  const recent = answers.q6WithinPast3Months;
  if (answers.q6 === true && typeof recent !== 'boolean') {
    problems.push({ item: 6, message: 'Q6 is yes, so it needs whether that was within the past 3 months' });
  } else if (answers.q6 === false && recent === true) {
    problems.push({ item: 6, message: 'Q6 is no, so it cannot have been within the past 3 months' });
  } else if (typeof recent !== 'boolean' && !isAbsent(recent)) {
    problems.push({ item: 6, message: 'Q6 "within the past 3 months" must be yes/no or absent' });
  }
  return problems;
}

/** The highest positive item decides: Q4, Q5 or a recent Q6 is high; Q3 or an older Q6 moderate; Q1–Q2 low. */
function riskOf(answers: CssrsAnswers): CssrsRisk {
  if (answers.q4 === true || answers.q5 === true || (answers.q6 && answers.q6WithinPast3Months === true)) return 'HIGH';
  if (answers.q3 === true || answers.q6) return 'MODERATE';
  if (answers.q1 || answers.q2) return 'LOW';
  return 'NONE';
}

/** Checks a screener's answers and, when they are complete and consistent, its risk. */
export function readCssrs(answers: unknown): CssrsReading {
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    return { ok: false, problems: [{ item: null, message: 'C-SSRS screener answers must be an object of yes/no answers (q1–q6)' }] };
  }
  const problems = problemsOf(answers as Readonly<Record<string, unknown>>);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, risk: riskOf(answers as CssrsAnswers) };
}
