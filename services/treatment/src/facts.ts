import type { ClinicalFacts, ClinicalFactsSource } from '@tandem/cases';
import type { EntityManager } from '@tandem/db';

/**
 * What the lifecycle asks of treatment: is there a screening, a clearance on the latest
 * screening, a signed and unrevoked consent, and no absolute contraindication on file?
 */
export const TREATMENT_FACTS: ClinicalFactsSource = {
  async factsFor(m: EntityManager, caseId: string): Promise<ClinicalFacts> {
    const [row] = await m.query<{ screened: boolean; cleared: boolean; consented: boolean; absolute: boolean }[]>(
      `WITH latest AS (SELECT id, present_absolute FROM screening WHERE case_id = $1 ORDER BY performed_at DESC, id DESC LIMIT 1)
       SELECT EXISTS (SELECT 1 FROM latest) AS screened,
              EXISTS (SELECT 1 FROM medical_clearance mc JOIN latest ON latest.id = mc.screening_id WHERE mc.case_id = $1) AS cleared,
              EXISTS (SELECT 1 FROM patient_consent WHERE case_id = $1 AND revoked_at IS NULL) AS consented,
              COALESCE((SELECT cardinality(present_absolute) > 0 FROM latest), false) AS absolute`,
      [caseId],
    );
    return {
      screeningCompleted: row?.screened ?? false,
      clearanceGranted: row?.cleared ?? false,
      consentActive: row?.consented ?? false,
      openAbsoluteContraindication: row?.absolute ?? false,
    };
  },
};
