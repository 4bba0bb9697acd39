import { fieldsRead, recordReads } from '@tandem/audit';
import type { RequestContext } from '@tandem/core';
import type { EntityManager } from '@tandem/db';
import type { PatientView } from './patient-record';

const PATIENT_FIELDS = [
  'mrn', 'givenName', 'familyName', 'dateOfBirth', 'sex', 'phone', 'email', 'emergencyContactName', 'emergencyContactPhone', 'weight',
] as const;

/**
 * Every read of patient demographics is audited, in the transaction that read them: one INSERT
 * for the patients of one resolver call or loader batch. Fields are those the reader got (a
 * field outside their grants is null in the view and not listed).
 */
export async function auditPatientReads(m: EntityManager, ctx: RequestContext, patients: readonly PatientView[]): Promise<void> {
  await recordReads(
    m,
    ctx,
    patients.map((patient) => ({
      subjectType: 'Patient',
      subjectId: patient.id,
      caseId: null,
      patientId: patient.id,
      fields: fieldsRead(patient, PATIENT_FIELDS),
    })),
  );
}
