import {
  DEFAULT_CONTRAINDICATIONS,
  IncompleteScreeningError,
  InvalidChecklistError,
  canClear,
  evaluateScreening,
} from './index';
import type { Contraindication, ScreeningResult } from './index';
import { caught } from '../test/caught';

const ABSOLUTE = [
  'ANEURYSMAL_VASCULAR_DISEASE_OR_AVM',
  'INTRACEREBRAL_HAEMORRHAGE_HISTORY',
  'KETAMINE_HYPERSENSITIVITY',
  'UNCONTROLLED_HYPERTENSION',
  'PSYCHOTIC_DISORDER',
  'PREGNANCY',
];
const RELATIVE = [
  'CONTROLLED_HYPERTENSION',
  'ISCHAEMIC_HEART_DISEASE',
  'RAISED_INTRACRANIAL_PRESSURE',
  'RAISED_INTRAOCULAR_PRESSURE',
  'SUBSTANCE_USE_DISORDER_HISTORY',
  'FIRST_DEGREE_RELATIVE_WITH_PSYCHOSIS',
  'BREASTFEEDING',
  'TAKES_BENZODIAZEPINES_OR_SEDATIVES',
  'TAKES_OPIOIDS',
  'TAKES_PSYCHOSTIMULANTS',
  'TAKES_MAOIS',
  'SEVERE_HEPATIC_IMPAIRMENT',
  'ACTIVE_SUICIDAL_INTENT',
];

/** Every default item answered "absent", except the codes given. */
function answers(...present: string[]): Record<string, boolean> {
  return Object.fromEntries(DEFAULT_CONTRAINDICATIONS.map((item) => [item.code, present.includes(item.code)]));
}

describe('the default checklist', () => {
  it('covers every absolute and relative item of domain.md', () => {
    expect(DEFAULT_CONTRAINDICATIONS.filter((i) => i.severity === 'ABSOLUTE').map((i) => i.code)).toEqual(ABSOLUTE);
    expect(DEFAULT_CONTRAINDICATIONS.filter((i) => i.severity === 'RELATIVE').map((i) => i.code)).toEqual(RELATIVE);
  });

  it.each(DEFAULT_CONTRAINDICATIONS.map((item) => [item.code, item] as const))('%s has a stable code and a label', (_code, item) => {
    expect(item.code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
    expect(item.label.trim()).not.toBe('');
  });
});

describe('evaluateScreening', () => {
  it('is ELIGIBLE when nothing is present', () => {
    expect(evaluateScreening(DEFAULT_CONTRAINDICATIONS, answers())).toEqual({ outcome: 'ELIGIBLE', presentAbsolute: [], presentRelative: [] });
  });

  it.each(RELATIVE)('NEEDS_REVIEW when only %s is present', (code) => {
    expect(evaluateScreening(DEFAULT_CONTRAINDICATIONS, answers(code))).toEqual({ outcome: 'NEEDS_REVIEW', presentAbsolute: [], presentRelative: [code] });
  });

  it.each(ABSOLUTE)('INELIGIBLE when only %s is present', (code) => {
    expect(evaluateScreening(DEFAULT_CONTRAINDICATIONS, answers(code))).toEqual({ outcome: 'INELIGIBLE', presentAbsolute: [code], presentRelative: [] });
  });

  it('is INELIGIBLE when absolute and relative items are both present, and lists both in checklist order', () => {
    const result = evaluateScreening(DEFAULT_CONTRAINDICATIONS, answers('TAKES_OPIOIDS', 'PREGNANCY', 'BREASTFEEDING', 'KETAMINE_HYPERSENSITIVITY'));
    expect(result).toEqual({
      outcome: 'INELIGIBLE',
      presentAbsolute: ['KETAMINE_HYPERSENSITIVITY', 'PREGNANCY'],
      presentRelative: ['BREASTFEEDING', 'TAKES_OPIOIDS'],
    });
  });

  it('lists everything when every item is present', () => {
    expect(evaluateScreening(DEFAULT_CONTRAINDICATIONS, answers(...ABSOLUTE, ...RELATIVE))).toEqual({
      outcome: 'INELIGIBLE',
      presentAbsolute: ABSOLUTE,
      presentRelative: RELATIVE,
    });
  });

  it('accepts answers as a Map', () => {
    const map = new Map(Object.entries(answers('BREASTFEEDING')));
    expect(evaluateScreening(DEFAULT_CONTRAINDICATIONS, map).outcome).toBe('NEEDS_REVIEW');
  });

  it('evaluates a clinic-configured checklist', () => {
    const checklist: Contraindication[] = [
      { code: 'GLAUCOMA', label: 'Glaucoma', severity: 'ABSOLUTE' },
      { code: 'ASTHMA', label: 'Asthma', severity: 'RELATIVE' },
    ];
    expect(evaluateScreening(checklist, { GLAUCOMA: false, ASTHMA: true }).outcome).toBe('NEEDS_REVIEW');
    expect(evaluateScreening([], {}).outcome).toBe('ELIGIBLE');
  });

  it.each(DEFAULT_CONTRAINDICATIONS.map((i) => i.code))('refuses a screening that leaves %s unanswered', (code) => {
    const { [code]: _omitted, ...rest } = answers();
    const error = caught(() => evaluateScreening(DEFAULT_CONTRAINDICATIONS, rest));
    expect(error).toBeInstanceOf(IncompleteScreeningError);
    expect(error).toMatchObject({ unanswered: [code], unknown: [] });
  });

  it('lists every unanswered item when nothing was answered', () => {
    expect(caught(() => evaluateScreening(DEFAULT_CONTRAINDICATIONS, {}))).toMatchObject({ unanswered: [...ABSOLUTE, ...RELATIVE], unknown: [] });
  });

  it('treats a non-boolean answer (untyped JSON) as unanswered', () => {
    const input = { ...answers(), PREGNANCY: 'no', TAKES_MAOIS: null } as unknown as Record<string, boolean>;
    expect(caught(() => evaluateScreening(DEFAULT_CONTRAINDICATIONS, input))).toMatchObject({ unanswered: ['PREGNANCY', 'TAKES_MAOIS'], unknown: [] });
  });

  it('refuses answers to items the checklist does not have, alongside missing ones', () => {
    const { PREGNANCY: _p, ...rest } = answers();
    const error = caught(() => evaluateScreening(DEFAULT_CONTRAINDICATIONS, { ...rest, PREGNANT: false }));
    expect(error).toBeInstanceOf(IncompleteScreeningError);
    expect(error).toMatchObject({ name: 'IncompleteScreeningError', unanswered: ['PREGNANCY'], unknown: ['PREGNANT'] });
  });

  it('refuses a checklist that repeats a code', () => {
    const checklist = [...DEFAULT_CONTRAINDICATIONS, { code: 'PREGNANCY', label: 'Pregnant', severity: 'RELATIVE' as const }];
    const error = caught(() => evaluateScreening(checklist, answers()));
    expect(error).toBeInstanceOf(InvalidChecklistError);
    expect(error).toMatchObject({ duplicateCodes: ['PREGNANCY'] });
  });
});

describe('canClear', () => {
  const result = (presentAbsolute: string[], presentRelative: string[]): ScreeningResult => ({
    outcome: presentAbsolute.length > 0 ? 'INELIGIBLE' : presentRelative.length > 0 ? 'NEEDS_REVIEW' : 'ELIGIBLE',
    presentAbsolute,
    presentRelative,
  });

  it('clears an ELIGIBLE screening with no overrides', () => {
    expect(canClear(result([], []), [])).toEqual({ ok: true });
  });

  it('clears NEEDS_REVIEW when every present relative item has a written override', () => {
    const overrides = [
      { code: 'TAKES_OPIOIDS', reason: 'Low-dose tramadol; monitored' },
      { code: 'BREASTFEEDING', reason: ' Pumping and discarding for 24 h ' },
    ];
    expect(canClear(result([], ['BREASTFEEDING', 'TAKES_OPIOIDS']), overrides)).toEqual({ ok: true });
  });

  it('names each relative item still lacking an override', () => {
    const verdict = canClear(result([], ['BREASTFEEDING', 'TAKES_OPIOIDS', 'TAKES_MAOIS']), [{ code: 'TAKES_OPIOIDS', reason: 'Reviewed' }]);
    expect(verdict).toEqual({ ok: false, missingOverrides: ['BREASTFEEDING', 'TAKES_MAOIS'], absolute: [] });
  });

  it.each([[''], [' '], ['\n\t '], [null], [undefined]])('does not accept an override whose reason is %j', (reason) => {
    expect(canClear(result([], ['TAKES_OPIOIDS']), [{ code: 'TAKES_OPIOIDS', reason }])).toEqual({
      ok: false,
      missingOverrides: ['TAKES_OPIOIDS'],
      absolute: [],
    });
  });

  it('counts an item overridden if any one of its overrides has a reason', () => {
    const overrides = [
      { code: 'TAKES_OPIOIDS', reason: ' ' },
      { code: 'TAKES_OPIOIDS', reason: 'Reviewed with pain team' },
    ];
    expect(canClear(result([], ['TAKES_OPIOIDS']), overrides)).toEqual({ ok: true });
  });

  it('ignores overrides for items that are not present', () => {
    expect(canClear(result([], []), [{ code: 'TAKES_OPIOIDS', reason: 'n/a' }])).toEqual({ ok: true });
  });

  it('never clears INELIGIBLE, even with an override for the absolute item', () => {
    const overrides = [{ code: 'PREGNANCY', reason: 'Prescriber insists' }];
    expect(canClear(result(['PREGNANCY'], []), overrides)).toEqual({ ok: false, missingOverrides: [], absolute: ['PREGNANCY'] });
  });

  it('reports absolute items and missing overrides together', () => {
    const verdict = canClear(result(['PREGNANCY', 'PSYCHOTIC_DISORDER'], ['BREASTFEEDING', 'TAKES_OPIOIDS']), [
      { code: 'TAKES_OPIOIDS', reason: 'Reviewed' },
    ]);
    expect(verdict).toEqual({ ok: false, missingOverrides: ['BREASTFEEDING'], absolute: ['PREGNANCY', 'PSYCHOTIC_DISORDER'] });
  });

  it('works end to end from a screening', () => {
    const screening = evaluateScreening(DEFAULT_CONTRAINDICATIONS, answers('ACTIVE_SUICIDAL_INTENT'));
    expect(canClear(screening, [])).toEqual({ ok: false, missingOverrides: ['ACTIVE_SUICIDAL_INTENT'], absolute: [] });
    expect(canClear(screening, [{ code: 'ACTIVE_SUICIDAL_INTENT', reason: 'Safety plan signed 2025-01-10' }])).toEqual({ ok: true });
  });
});
