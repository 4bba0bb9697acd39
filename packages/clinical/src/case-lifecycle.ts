// The case state machine (docs: /design/domain.md, "Case lifecycle"). Pure data and functions:
// callers load the facts, this module only decides. Every allowed move is one row of TRANSITIONS,
// so the table is the rule book and can be printed for clinicians as is.

/** Statuses in which care is under way, in pathway order: they may be held, and a hold returns to one of them. */
const ACTIVE_STATUSES = ['REFERRAL', 'SCREENING', 'AWAITING_CLEARANCE', 'AWAITING_CONSENT', 'PREPARATION', 'DOSING', 'INTEGRATION', 'MAINTENANCE'] as const;

export const CASE_STATUSES = [...ACTIVE_STATUSES, 'CLOSED', 'ON_HOLD', 'WITHDRAWN'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_ROLES = ['PRESCRIBER_OF_RECORD', 'LEAD_THERAPIST', 'CO_THERAPIST', 'MONITORING_NURSE', 'COORDINATOR'] as const;
export type CaseRole = (typeof CASE_ROLES)[number];

// Listed in the order `unmet` reports them, so refusals read the same way every time.
export const CASE_REQUIREMENTS = [
  'PRESCRIBER_ON_TEAM',
  'THERAPIST_ON_TEAM',
  'SCREENING_COMPLETED',
  'MEDICAL_CLEARANCE',
  'ACTIVE_CONSENT',
  'NO_ABSOLUTE_CONTRAINDICATION',
  'HOLD_REASON',
  'CLOSING_REASON',
] as const;
export type CaseRequirement = (typeof CASE_REQUIREMENTS)[number];

/** What domain.md says must be true before anyone is dosed, whichever way the case gets to DOSING. */
export const DOSING_GATES: readonly CaseRequirement[] = [
  'PRESCRIBER_ON_TEAM',
  'THERAPIST_ON_TEAM',
  'MEDICAL_CLEARANCE',
  'ACTIVE_CONSENT',
  'NO_ABSOLUTE_CONTRAINDICATION',
];

export interface CaseFacts {
  hasPrescriberOnTeam: boolean;
  /** A lead therapist or a co-therapist. */
  hasTherapistOnTeam: boolean;
  screeningCompleted: boolean;
  clearanceGranted: boolean;
  /** Signed and not revoked. */
  consentActive: boolean;
  openAbsoluteContraindication: boolean;
  /** The written reason for a hold, withdrawal or closing. */
  reason?: string | null;
  /** The status a case on hold came from: the only status it may resume into. */
  heldFrom?: CaseStatus | null;
}

export interface TransitionActor {
  caseRoles: readonly CaseRole[];
  isClinicAdmin: boolean;
}

export interface CaseTransition {
  readonly from: CaseStatus;
  readonly to: CaseStatus;
  readonly roles: readonly CaseRole[];
  /** Whether a clinic admin who holds none of `roles` on this case may take it. */
  readonly clinicAdmin: boolean;
  readonly requires: readonly CaseRequirement[];
  /** ON_HOLD → `to`: legal only when `to` is the case's `heldFrom`. */
  readonly resume?: true;
}

/*
 * Who may take each step, and why:
 * - Dosing (entering DOSING from PREPARATION, INTEGRATION, MAINTENANCE, or resuming into it) and
 *   medical clearance are the prescriber of record's alone: they own the medication plan, and
 *   ketamine is a Schedule III substance that only a licensed, DEA-registered prescriber orders.
 * - Clinical phase changes (screening done, dosing → integration → maintenance, resuming a hold
 *   into a non-dosing status, closing a finished course) belong to the clinical leads: the
 *   prescriber of record and the lead therapist. Co-therapists and nurses support sessions but do
 *   not steer the course.
 * - Steps that are paperwork and scheduling (opening screening from a referral, moving to
 *   preparation once consent is on file, recording a withdrawal, closing a withdrawn case) are
 *   also open to the coordinator; the requirement (consent, written reason) carries the safety.
 * - Anyone on the care team may put a case ON_HOLD: pausing is the safe direction and must never
 *   wait for the one person who can authorise it. Resuming is the clinical leads' decision.
 * - Clinic admins act on the case's lifecycle only to stop it (hold, withdraw, close) for
 *   administrative reasons (lapsed licence, lost to follow-up); they never advance care. An
 *   admin who is also on the care team acts through their case role.
 */
const LEADS: readonly CaseRole[] = ['PRESCRIBER_OF_RECORD', 'LEAD_THERAPIST'];
const LEADS_AND_COORDINATOR: readonly CaseRole[] = [...LEADS, 'COORDINATOR'];
const PRESCRIBER: readonly CaseRole[] = ['PRESCRIBER_OF_RECORD'];
const WHOLE_TEAM: readonly CaseRole[] = CASE_ROLES;

function step(from: CaseStatus, to: CaseStatus, roles: readonly CaseRole[], requires: readonly CaseRequirement[] = [], clinicAdmin = false): CaseTransition {
  return { from, to, roles, clinicAdmin, requires };
}

export const TRANSITIONS: readonly CaseTransition[] = [
  // The clinical pathway.
  step('REFERRAL', 'SCREENING', LEADS_AND_COORDINATOR),
  step('SCREENING', 'AWAITING_CLEARANCE', LEADS, ['SCREENING_COMPLETED']),
  step('AWAITING_CLEARANCE', 'AWAITING_CONSENT', PRESCRIBER, ['MEDICAL_CLEARANCE']),
  step('AWAITING_CONSENT', 'PREPARATION', LEADS_AND_COORDINATOR, ['ACTIVE_CONSENT']),
  step('PREPARATION', 'DOSING', PRESCRIBER, DOSING_GATES),
  step('DOSING', 'INTEGRATION', LEADS),
  step('INTEGRATION', 'DOSING', PRESCRIBER, DOSING_GATES),
  step('INTEGRATION', 'MAINTENANCE', LEADS),
  step('MAINTENANCE', 'DOSING', PRESCRIBER, DOSING_GATES),
  step('INTEGRATION', 'CLOSED', LEADS, ['CLOSING_REASON'], true),
  step('MAINTENANCE', 'CLOSED', LEADS, ['CLOSING_REASON'], true),
  // Pausing and resuming: a hold remembers where it came from and only goes back there.
  ...ACTIVE_STATUSES.map((from) => step(from, 'ON_HOLD', WHOLE_TEAM, ['HOLD_REASON'], true)),
  ...ACTIVE_STATUSES.map(
    (to): CaseTransition => ({
      ...(to === 'DOSING' ? step('ON_HOLD', to, PRESCRIBER, DOSING_GATES) : step('ON_HOLD', to, LEADS)),
      resume: true,
    }),
  ),
  // The patient may withdraw at any point before the case is closed; the withdrawal is then closed.
  ...[...ACTIVE_STATUSES, 'ON_HOLD' as const].map((from) => step(from, 'WITHDRAWN', LEADS_AND_COORDINATOR, ['CLOSING_REASON'], true)),
  step('WITHDRAWN', 'CLOSED', LEADS_AND_COORDINATOR, [], true),
];

export type TransitionRefusalReason = 'ILLEGAL_TRANSITION' | 'NOT_PERMITTED' | 'REQUIREMENTS_UNMET';

export type TransitionVerdict =
  | { ok: true }
  | {
      ok: false;
      reason: TransitionRefusalReason;
      /** Every unmet requirement, in CASE_REQUIREMENTS order; empty unless REQUIREMENTS_UNMET. */
      unmet: CaseRequirement[];
      /** Set when NOT_PERMITTED, so the UI can say who to ask. */
      allowedRoles?: readonly CaseRole[];
      clinicAdminAllowed?: boolean;
    };

export function isOpen(status: CaseStatus): boolean {
  return status !== 'CLOSED' && status !== 'WITHDRAWN';
}

function hasText(value: string | null | undefined): boolean {
  return typeof value === 'string' && value.trim().length > 0;
}

function isMet(requirement: CaseRequirement, facts: CaseFacts): boolean {
  switch (requirement) {
    case 'PRESCRIBER_ON_TEAM':
      return facts.hasPrescriberOnTeam;
    case 'THERAPIST_ON_TEAM':
      return facts.hasTherapistOnTeam;
    case 'SCREENING_COMPLETED':
      return facts.screeningCompleted;
    case 'MEDICAL_CLEARANCE':
      return facts.clearanceGranted;
    case 'ACTIVE_CONSENT':
      return facts.consentActive;
    case 'NO_ABSOLUTE_CONTRAINDICATION':
      return !facts.openAbsoluteContraindication;
    case 'HOLD_REASON':
    case 'CLOSING_REASON':
      return hasText(facts.reason);
  }
}

function unmetOf(requires: readonly CaseRequirement[], facts: CaseFacts): CaseRequirement[] {
  return CASE_REQUIREMENTS.filter((r) => requires.includes(r) && !isMet(r, facts));
}

/** The dosing requirements this case does not meet yet (empty: the case may be dosed). */
export function dosingGates(facts: CaseFacts): CaseRequirement[] {
  return unmetOf(DOSING_GATES, facts);
}

// A resume row only applies to the status the case was held from; without `heldFrom` there is
// nowhere safe to resume to, so no resume is legal.
function leavesFrom(transition: CaseTransition, from: CaseStatus, facts: CaseFacts): boolean {
  return transition.from === from && (!transition.resume || facts.heldFrom === transition.to);
}

function findTransition(from: CaseStatus, to: CaseStatus, facts: CaseFacts): CaseTransition | undefined {
  return TRANSITIONS.find((t) => t.to === to && leavesFrom(t, from, facts));
}

function mayTake(transition: CaseTransition, actor: TransitionActor): boolean {
  return (transition.clinicAdmin && actor.isClinicAdmin) || actor.caseRoles.some((role) => transition.roles.includes(role));
}

/** Decides one move. Refusals come in a fixed order: illegal, then not permitted, then unmet. */
export function evaluateTransition(from: CaseStatus, to: CaseStatus, actor: TransitionActor, facts: CaseFacts): TransitionVerdict {
  const transition = findTransition(from, to, facts);
  if (!transition) return { ok: false, reason: 'ILLEGAL_TRANSITION', unmet: [] };
  if (!mayTake(transition, actor)) {
    return { ok: false, reason: 'NOT_PERMITTED', unmet: [], allowedRoles: transition.roles, clinicAdminAllowed: transition.clinicAdmin };
  }
  const unmet = unmetOf(transition.requires, facts);
  return unmet.length === 0 ? { ok: true } : { ok: false, reason: 'REQUIREMENTS_UNMET', unmet };
}

export interface AvailableTransition {
  to: CaseStatus;
  /** Empty when the actor can take the step now; otherwise what still blocks it. */
  unmet: CaseRequirement[];
}

/**
 * The moves this actor may make from `from`, including blocked ones, so a UI can show a disabled
 * button with what is missing rather than hide the step altogether.
 */
export function availableTransitions(from: CaseStatus, actor: TransitionActor, facts: CaseFacts): AvailableTransition[] {
  return TRANSITIONS.filter((t) => leavesFrom(t, from, facts) && mayTake(t, actor)).map((t) => ({
    to: t.to,
    unmet: unmetOf(t.requires, facts),
  }));
}
