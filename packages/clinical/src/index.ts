export {
  CASE_REQUIREMENTS,
  CASE_ROLES,
  CASE_STATUSES,
  DOSING_GATES,
  TRANSITIONS,
  availableTransitions,
  dosingGates,
  evaluateTransition,
  isOpen,
} from './case-lifecycle';
export type {
  AvailableTransition,
  CaseFacts,
  CaseRequirement,
  CaseRole,
  CaseStatus,
  CaseTransition,
  TransitionActor,
  TransitionRefusalReason,
  TransitionVerdict,
} from './case-lifecycle';
export {
  DEFAULT_CONTRAINDICATIONS,
  IncompleteScreeningError,
  InvalidChecklistError,
  InvalidVitalsError,
  UNCONTROLLED_HYPERTENSION_ABOVE,
  canClear,
  evaluateScreening,
  hypertensionFromVitals,
} from './screening';
export type {
  BloodPressure,
  ClearanceVerdict,
  Contraindication,
  ContraindicationOverride,
  ContraindicationSeverity,
  ScreeningAnswers,
  ScreeningOutcome,
  ScreeningResult,
} from './screening';
export * from './measures';
export * from './measures-trend';
export * from './vitals';
export * from './dosing';
export * from './notes';
export { delayUntil, reminderPlan } from './follow-up-reminders';
export type { ReminderPolicy, ReminderStep, ReminderStepKind } from './follow-up-reminders';
export * from './care-schedule';
export * from './credentials';
export * from './credential-readiness';
export * from './supervision';
