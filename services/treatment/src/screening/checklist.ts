import { DEFAULT_CONTRAINDICATIONS } from '@tandem/clinical';
import type { Contraindication } from '@tandem/clinical';
import type { EntityManager } from '@tandem/db';
import { clinicSettings } from '../tenant-settings';

/**
 * The clinic's checklist: domain.md's items, with the clinic's additions and its upgrades of
 * relative items to absolute. A clinic can make screening stricter, never laxer.
 */
export async function clinicChecklist(m: EntityManager): Promise<Contraindication[]> {
  const { additionalItems, treatAsAbsolute } = (await clinicSettings(m)).screening;
  const upgraded = new Set(treatAsAbsolute);
  const defaults = DEFAULT_CONTRAINDICATIONS.map((item) => (upgraded.has(item.code) ? { ...item, severity: 'ABSOLUTE' as const } : item));
  const known = new Set(defaults.map((item) => item.code));
  return [...defaults, ...additionalItems.filter((item) => !known.has(item.code))];
}

/** Medicine classes that interact with ketamine, and the checklist item each one ticks. */
export const INTERACTION_CLASSES = {
  BENZODIAZEPINE_OR_SEDATIVE: 'TAKES_BENZODIAZEPINES_OR_SEDATIVES',
  OPIOID: 'TAKES_OPIOIDS',
  PSYCHOSTIMULANT: 'TAKES_PSYCHOSTIMULANTS',
  MAOI: 'TAKES_MAOIS',
} as const;
export type InteractionClass = keyof typeof INTERACTION_CLASSES | 'NONE';
