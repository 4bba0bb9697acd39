import { CASE_ROLES, CASE_STATUSES, TRANSITIONS, evaluateTransition } from './index';
import type { CaseFacts, CaseRequirement, CaseRole, CaseStatus, TransitionActor } from './index';

// The rule book restated independently of the implementation: the code must match it row for row.
interface Expected {
  roles: readonly CaseRole[];
  admin: boolean;
  requires: readonly CaseRequirement[];
}

const ACTIVE: readonly CaseStatus[] = ['REFERRAL', 'SCREENING', 'AWAITING_CLEARANCE', 'AWAITING_CONSENT', 'PREPARATION', 'DOSING', 'INTEGRATION', 'MAINTENANCE'];
const LEADS: readonly CaseRole[] = ['PRESCRIBER_OF_RECORD', 'LEAD_THERAPIST'];
const LEADS_COORD: readonly CaseRole[] = ['PRESCRIBER_OF_RECORD', 'LEAD_THERAPIST', 'COORDINATOR'];
const PRESCRIBER: readonly CaseRole[] = ['PRESCRIBER_OF_RECORD'];
const GATES: readonly CaseRequirement[] = ['PRESCRIBER_ON_TEAM', 'THERAPIST_ON_TEAM', 'MEDICAL_CLEARANCE', 'ACTIVE_CONSENT', 'NO_ABSOLUTE_CONTRAINDICATION'];

const key = (from: CaseStatus, to: CaseStatus): string => `${from} -> ${to}`;

const EXPECTED = new Map<string, Expected>([
  [key('REFERRAL', 'SCREENING'), { roles: LEADS_COORD, admin: false, requires: [] }],
  [key('SCREENING', 'AWAITING_CLEARANCE'), { roles: LEADS, admin: false, requires: ['SCREENING_COMPLETED'] }],
  [key('AWAITING_CLEARANCE', 'AWAITING_CONSENT'), { roles: PRESCRIBER, admin: false, requires: ['MEDICAL_CLEARANCE'] }],
  [key('AWAITING_CONSENT', 'PREPARATION'), { roles: LEADS_COORD, admin: false, requires: ['ACTIVE_CONSENT'] }],
  [key('PREPARATION', 'DOSING'), { roles: PRESCRIBER, admin: false, requires: GATES }],
  [key('INTEGRATION', 'DOSING'), { roles: PRESCRIBER, admin: false, requires: GATES }],
  [key('MAINTENANCE', 'DOSING'), { roles: PRESCRIBER, admin: false, requires: GATES }],
  [key('DOSING', 'INTEGRATION'), { roles: LEADS, admin: false, requires: [] }],
  [key('INTEGRATION', 'MAINTENANCE'), { roles: LEADS, admin: false, requires: [] }],
  [key('INTEGRATION', 'CLOSED'), { roles: LEADS, admin: true, requires: ['CLOSING_REASON'] }],
  [key('MAINTENANCE', 'CLOSED'), { roles: LEADS, admin: true, requires: ['CLOSING_REASON'] }],
  [key('WITHDRAWN', 'CLOSED'), { roles: LEADS_COORD, admin: true, requires: [] }],
  ...ACTIVE.map((s): [string, Expected] => [key(s, 'ON_HOLD'), { roles: CASE_ROLES, admin: true, requires: ['HOLD_REASON'] }]),
  ...ACTIVE.map((s): [string, Expected] => [
    key('ON_HOLD', s),
    s === 'DOSING' ? { roles: PRESCRIBER, admin: false, requires: GATES } : { roles: LEADS, admin: false, requires: [] },
  ]),
  ...[...ACTIVE, 'ON_HOLD' as const].map((s): [string, Expected] => [key(s, 'WITHDRAWN'), { roles: LEADS_COORD, admin: true, requires: ['CLOSING_REASON'] }]),
]);

const ALL_MET: CaseFacts = {
  hasPrescriberOnTeam: true,
  hasTherapistOnTeam: true,
  screeningCompleted: true,
  clearanceGranted: true,
  consentActive: true,
  openAbsoluteContraindication: false,
  reason: 'Documented in the record',
  heldFrom: null,
};
const NONE_MET: CaseFacts = {
  hasPrescriberOnTeam: false,
  hasTherapistOnTeam: false,
  screeningCompleted: false,
  clearanceGranted: false,
  consentActive: false,
  openAbsoluteContraindication: true,
  reason: null,
  heldFrom: null,
};
const EVERYONE: TransitionActor = { caseRoles: CASE_ROLES, isClinicAdmin: true };
const NOBODY: TransitionActor = { caseRoles: [], isClinicAdmin: false };

// A case on hold is given the most favourable history: resuming to exactly where the pair points.
const factsFor = (from: CaseStatus, to: CaseStatus, base: CaseFacts): CaseFacts => ({ ...base, heldFrom: from === 'ON_HOLD' ? to : null });

const ALL_PAIRS = CASE_STATUSES.flatMap((from) => CASE_STATUSES.map((to) => ({ from, to })));
const ILLEGAL_PAIRS = ALL_PAIRS.filter(({ from, to }) => !EXPECTED.has(key(from, to)));
const LEGAL_PAIRS = ALL_PAIRS.filter(({ from, to }) => EXPECTED.has(key(from, to)));
const expected = (from: CaseStatus, to: CaseStatus): Expected => EXPECTED.get(key(from, to)) as Expected;

describe('the transition table', () => {
  it('has exactly one row per allowed move, matching the rule book', () => {
    expect(TRANSITIONS.map((t) => key(t.from, t.to)).sort()).toEqual([...EXPECTED.keys()].sort());
    expect(LEGAL_PAIRS).toHaveLength(37);
    expect(ILLEGAL_PAIRS).toHaveLength(CASE_STATUSES.length ** 2 - 37);
  });

  it.each(TRANSITIONS.map((t) => [key(t.from, t.to), t] as const))('%s names the agreed people and requirements', (name, t) => {
    const e = EXPECTED.get(name) as Expected;
    expect([...t.roles].sort()).toEqual([...e.roles].sort());
    expect(t.clinicAdmin).toBe(e.admin);
    expect([...t.requires].sort()).toEqual([...e.requires].sort());
  });

  it('never leaves CLOSED', () => {
    expect(TRANSITIONS.filter((t) => t.from === 'CLOSED')).toEqual([]);
  });
});

describe('illegal moves', () => {
  it.each(ILLEGAL_PAIRS)('$from -> $to is ILLEGAL_TRANSITION even for everyone with every fact met', ({ from, to }) => {
    expect(evaluateTransition(from, to, EVERYONE, factsFor(from, to, ALL_MET))).toEqual({ ok: false, reason: 'ILLEGAL_TRANSITION', unmet: [] });
  });

  it.each(ILLEGAL_PAIRS)('$from -> $to is ILLEGAL_TRANSITION before permission or requirements are considered', ({ from, to }) => {
    expect(evaluateTransition(from, to, NOBODY, NONE_MET)).toEqual({ ok: false, reason: 'ILLEGAL_TRANSITION', unmet: [] });
  });

  it.each(ACTIVE.flatMap((to) => CASE_STATUSES.filter((held) => held !== to).map((held) => ({ to, held }))))(
    'ON_HOLD -> $to is illegal when the case was held from $held',
    ({ to, held }) => {
      expect(evaluateTransition('ON_HOLD', to, EVERYONE, { ...ALL_MET, heldFrom: held })).toMatchObject({ ok: false, reason: 'ILLEGAL_TRANSITION' });
    },
  );

  it.each(ACTIVE.flatMap((to) => [null, undefined].map((held) => ({ to, held }))))('ON_HOLD -> $to is illegal when heldFrom is $held', ({ to, held }) => {
    expect(evaluateTransition('ON_HOLD', to, EVERYONE, { ...ALL_MET, heldFrom: held })).toMatchObject({ ok: false, reason: 'ILLEGAL_TRANSITION' });
  });
});

describe('who may take each legal move', () => {
  const cases = LEGAL_PAIRS.flatMap(({ from, to }) => [
    ...CASE_ROLES.map((role) => ({ from, to, who: role, actor: { caseRoles: [role], isClinicAdmin: false }, allowed: expected(from, to).roles.includes(role) })),
    { from, to, who: 'clinic admin', actor: { caseRoles: [], isClinicAdmin: true }, allowed: expected(from, to).admin },
  ]);

  it.each(cases)('$from -> $to by $who: allowed=$allowed', ({ from, to, actor, allowed }) => {
    const verdict = evaluateTransition(from, to, actor, factsFor(from, to, ALL_MET));
    if (allowed) {
      expect(verdict).toEqual({ ok: true });
    } else {
      expect(verdict).toEqual({
        ok: false,
        reason: 'NOT_PERMITTED',
        unmet: [],
        allowedRoles: expect.arrayContaining([...expected(from, to).roles]),
        clinicAdminAllowed: expected(from, to).admin,
      });
    }
  });

  it.each(LEGAL_PAIRS)('$from -> $to is refused to someone off the care team who is not an admin', ({ from, to }) => {
    expect(evaluateTransition(from, to, NOBODY, factsFor(from, to, ALL_MET))).toMatchObject({ ok: false, reason: 'NOT_PERMITTED' });
  });

  it.each(LEGAL_PAIRS)('$from -> $to checks permission before requirements', ({ from, to }) => {
    expect(evaluateTransition(from, to, NOBODY, factsFor(from, to, NONE_MET))).toMatchObject({ ok: false, reason: 'NOT_PERMITTED', unmet: [] });
  });

  it('lets an actor with several roles act through any of them', () => {
    const actor = { caseRoles: ['COORDINATOR', 'PRESCRIBER_OF_RECORD'] as CaseRole[], isClinicAdmin: false };
    expect(evaluateTransition('PREPARATION', 'DOSING', actor, ALL_MET)).toEqual({ ok: true });
  });

  it('does not let admin status stand in for the prescriber on dosing', () => {
    const actor = { caseRoles: ['COORDINATOR', 'LEAD_THERAPIST'] as CaseRole[], isClinicAdmin: true };
    expect(evaluateTransition('PREPARATION', 'DOSING', actor, ALL_MET)).toMatchObject({ ok: false, reason: 'NOT_PERMITTED' });
  });
});

describe('requirements of each legal move', () => {
  it.each(LEGAL_PAIRS)('$from -> $to with nothing met lists exactly its own requirements', ({ from, to }) => {
    const { requires } = expected(from, to);
    const verdict = evaluateTransition(from, to, EVERYONE, factsFor(from, to, NONE_MET));
    expect(verdict).toEqual(requires.length === 0 ? { ok: true } : { ok: false, reason: 'REQUIREMENTS_UNMET', unmet: requires });
  });
});
