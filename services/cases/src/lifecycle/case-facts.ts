import type { EntityManager } from '@tandem/db';

/**
 * The clinical facts a transition needs beyond the care team: screening, clearance, consent,
 * open contraindications. They belong to the treatment service, which supplies them through
 * this interface so that cases never imports treatment. Until it does, nothing is recorded.
 */
export interface ClinicalFacts {
  readonly screeningCompleted: boolean;
  readonly clearanceGranted: boolean;
  readonly consentActive: boolean;
  readonly openAbsoluteContraindication: boolean;
}

export interface ClinicalFactsSource {
  factsFor(m: EntityManager, caseId: string): Promise<ClinicalFacts>;
}

/** Before the treatment service exists: no screening, clearance or consent is on file. */
export const NOTHING_RECORDED: ClinicalFactsSource = {
  factsFor: () => Promise.resolve({ screeningCompleted: false, clearanceGranted: false, consentActive: false, openAbsoluteContraindication: false }),
};
