import { CASE_ROLES, CASE_STATUSES, DOSING_GATES, availableTransitions, dosingGates, evaluateTransition, isOpen } from './index';
import type { CaseFacts, CaseRequirement, CaseStatus, TransitionActor } from './index';

const READY: CaseFacts = {
  hasPrescriberOnTeam: true,
  hasTherapistOnTeam: true,
  screeningCompleted: true,
  clearanceGranted: true,
  consentActive: true,
  openAbsoluteContraindication: false,
  reason: null,
  heldFrom: null,
};
const PRESCRIBER: TransitionActor = { caseRoles: ['PRESCRIBER_OF_RECORD'], isClinicAdmin: false };
const EVERYONE: TransitionActor = { caseRoles: CASE_ROLES, isClinicAdmin: true };

// Each dosing gate, and the one fact that breaks it.
const BREAK: Record<string, Partial<CaseFacts>> = {
  PRESCRIBER_ON_TEAM: { hasPrescriberOnTeam: false },
  THERAPIST_ON_TEAM: { hasTherapistOnTeam: false },
  MEDICAL_CLEARANCE: { clearanceGranted: false },
  ACTIVE_CONSENT: { consentActive: false },
  NO_ABSOLUTE_CONTRAINDICATION: { openAbsoluteContraindication: true },
};
const ALL_GATES_BROKEN: CaseFacts = Object.assign({}, READY, ...Object.values(BREAK)) as CaseFacts;
const GATE_ORDER: CaseRequirement[] = ['PRESCRIBER_ON_TEAM', 'THERAPIST_ON_TEAM', 'MEDICAL_CLEARANCE', 'ACTIVE_CONSENT', 'NO_ABSOLUTE_CONTRAINDICATION'];

// Every way into DOSING, including resuming a hold that was taken during dosing.
const INTO_DOSING: { from: CaseStatus; heldFrom: CaseStatus | null }[] = [
  { from: 'PREPARATION', heldFrom: null },
  { from: 'INTEGRATION', heldFrom: null },
  { from: 'MAINTENANCE', heldFrom: null },
  { from: 'ON_HOLD', heldFrom: 'DOSING' },
];

describe('dosing gates', () => {
  it('are the five of domain.md, in a stable order', () => {
    expect(DOSING_GATES).toEqual(GATE_ORDER);
    expect(Object.keys(BREAK).sort()).toEqual([...GATE_ORDER].sort());
  });

  it.each(INTO_DOSING)('$from -> DOSING (held from $heldFrom) is open when every gate is met', ({ from, heldFrom }) => {
    expect(evaluateTransition(from, 'DOSING', PRESCRIBER, { ...READY, heldFrom })).toEqual({ ok: true });
  });

  it.each(INTO_DOSING.flatMap((way) => GATE_ORDER.map((gate) => ({ ...way, gate }))))(
    '$from -> DOSING (held from $heldFrom) without $gate lists exactly that gate',
    ({ from, heldFrom, gate }) => {
      const facts = { ...READY, ...BREAK[gate], heldFrom };
      expect(evaluateTransition(from, 'DOSING', PRESCRIBER, facts)).toEqual({ ok: false, reason: 'REQUIREMENTS_UNMET', unmet: [gate] });
    },
  );

  it.each(INTO_DOSING)('$from -> DOSING (held from $heldFrom) with every gate missing lists all five in order', ({ from, heldFrom }) => {
    const facts = { ...ALL_GATES_BROKEN, heldFrom };
    expect(evaluateTransition(from, 'DOSING', PRESCRIBER, facts)).toEqual({ ok: false, reason: 'REQUIREMENTS_UNMET', unmet: GATE_ORDER });
  });

  it.each(INTO_DOSING)('$from -> DOSING ignores facts that are not dosing gates', ({ from, heldFrom }) => {
    const facts = { ...READY, screeningCompleted: false, reason: '', heldFrom };
    expect(evaluateTransition(from, 'DOSING', PRESCRIBER, facts)).toEqual({ ok: true });
  });

  it('dosingGates() reports nothing for a ready case', () => {
    expect(dosingGates(READY)).toEqual([]);
  });

  it.each(GATE_ORDER)('dosingGates() reports exactly %s when only it is missing', (gate) => {
    expect(dosingGates({ ...READY, ...BREAK[gate] })).toEqual([gate]);
  });

  it('dosingGates() reports every gate, in order, when all are missing', () => {
    expect(dosingGates(ALL_GATES_BROKEN)).toEqual(GATE_ORDER);
  });
});

describe('single requirements', () => {
  it.each([
    { from: 'SCREENING', to: 'AWAITING_CLEARANCE', breaks: { screeningCompleted: false }, unmet: 'SCREENING_COMPLETED' },
    { from: 'AWAITING_CLEARANCE', to: 'AWAITING_CONSENT', breaks: { clearanceGranted: false }, unmet: 'MEDICAL_CLEARANCE' },
    { from: 'AWAITING_CONSENT', to: 'PREPARATION', breaks: { consentActive: false }, unmet: 'ACTIVE_CONSENT' },
  ] as const)('$from -> $to needs $unmet', ({ from, to, breaks, unmet }) => {
    expect(evaluateTransition(from, to, EVERYONE, READY)).toEqual({ ok: true });
    expect(evaluateTransition(from, to, EVERYONE, { ...READY, ...breaks })).toEqual({ ok: false, reason: 'REQUIREMENTS_UNMET', unmet: [unmet] });
  });
});

describe('written reasons', () => {
  const moves = [
    { from: 'DOSING', to: 'ON_HOLD', requirement: 'HOLD_REASON' },
    { from: 'ON_HOLD', to: 'WITHDRAWN', requirement: 'CLOSING_REASON' },
    { from: 'REFERRAL', to: 'WITHDRAWN', requirement: 'CLOSING_REASON' },
    { from: 'INTEGRATION', to: 'CLOSED', requirement: 'CLOSING_REASON' },
    { from: 'MAINTENANCE', to: 'CLOSED', requirement: 'CLOSING_REASON' },
  ] as const;
  const blanks = [null, undefined, '', ' ', '\t\n  '];

  it.each(moves.flatMap((move) => blanks.map((reason) => ({ ...move, reason: JSON.stringify(reason) ?? 'undefined', value: reason }))))(
    '$from -> $to with reason $reason is refused for $requirement',
    ({ from, to, requirement, value }) => {
      expect(evaluateTransition(from, to, EVERYONE, { ...READY, reason: value })).toEqual({ ok: false, reason: 'REQUIREMENTS_UNMET', unmet: [requirement] });
    },
  );

  it.each(moves)('$from -> $to accepts a written reason with surrounding whitespace', ({ from, to }) => {
    expect(evaluateTransition(from, to, EVERYONE, { ...READY, reason: '  Patient moved abroad ' })).toEqual({ ok: true });
  });

  it('does not ask again when closing a withdrawn case', () => {
    expect(evaluateTransition('WITHDRAWN', 'CLOSED', EVERYONE, { ...READY, reason: null })).toEqual({ ok: true });
  });
});

describe('isOpen', () => {
  it.each(CASE_STATUSES)('%s', (status) => {
    expect(isOpen(status)).toBe(status !== 'CLOSED' && status !== 'WITHDRAWN');
  });
});

describe('availableTransitions', () => {
  const targets = (from: CaseStatus, actor: TransitionActor, facts: CaseFacts) => availableTransitions(from, actor, facts).map((t) => t.to);

  it('shows the prescriber every move out of preparation, with what blocks each', () => {
    expect(availableTransitions('PREPARATION', PRESCRIBER, { ...READY, consentActive: false })).toEqual([
      { to: 'DOSING', unmet: ['ACTIVE_CONSENT'] },
      { to: 'ON_HOLD', unmet: ['HOLD_REASON'] },
      { to: 'WITHDRAWN', unmet: ['CLOSING_REASON'] },
    ]);
  });

  it('hides steps the actor may not take', () => {
    expect(targets('PREPARATION', { caseRoles: ['COORDINATOR'], isClinicAdmin: false }, READY)).toEqual(['ON_HOLD', 'WITHDRAWN']);
    expect(targets('PREPARATION', { caseRoles: ['MONITORING_NURSE'], isClinicAdmin: false }, READY)).toEqual(['ON_HOLD']);
  });

  it('offers a hold only the way back to where it came from', () => {
    expect(targets('ON_HOLD', PRESCRIBER, { ...READY, heldFrom: 'DOSING' })).toEqual(['DOSING', 'WITHDRAWN']);
    expect(targets('ON_HOLD', { caseRoles: ['LEAD_THERAPIST'], isClinicAdmin: false }, { ...READY, heldFrom: 'DOSING' })).toEqual(['WITHDRAWN']);
    expect(targets('ON_HOLD', PRESCRIBER, { ...READY, heldFrom: null })).toEqual(['WITHDRAWN']);
  });

  it('offers nothing out of CLOSED', () => {
    expect(availableTransitions('CLOSED', EVERYONE, READY)).toEqual([]);
  });

  const actors: TransitionActor[] = [
    ...CASE_ROLES.map((role) => ({ caseRoles: [role], isClinicAdmin: false })),
    { caseRoles: [], isClinicAdmin: true },
    EVERYONE,
  ];
  it.each(CASE_STATUSES.flatMap((from) => actors.map((actor) => ({ from, actor, who: actor.isClinicAdmin ? `admin+${actor.caseRoles.length}` : actor.caseRoles[0] }))))(
    'from $from for $who agrees with evaluateTransition',
    ({ from, actor }) => {
      const facts = { ...ALL_GATES_BROKEN, heldFrom: 'INTEGRATION' as const };
      const expected = CASE_STATUSES.flatMap((to) => {
        const verdict = evaluateTransition(from, to, actor, facts);
        if (verdict.ok) return [{ to, unmet: [] }];
        return verdict.reason === 'REQUIREMENTS_UNMET' ? [{ to, unmet: verdict.unmet }] : [];
      });
      expect([...availableTransitions(from, actor, facts)].sort((a, b) => a.to.localeCompare(b.to))).toEqual(expected.sort((a, b) => a.to.localeCompare(b.to)));
    },
  );
});
