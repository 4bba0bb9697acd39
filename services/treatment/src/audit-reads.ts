import { fieldsRead, recordReads } from '@tandem/audit';
import type { RequestContext } from '@tandem/core';
import type { EntityManager } from '@tandem/db';

/** Fields of a session that are PHI or clinical (the schedule's logistics are listed too: who, when, where). */
export const SESSION_AUDIT_FIELDS = [
  'kind', 'startsAt', 'location', 'status', 'participantIds', 'cancellationReason', 'monitoring', 'dose', 'vitals', 'adverseEvents', 'escalation', 'completedAt',
] as const;

/** Fields of a measure: its scores and, for those who may read them, the item answers. */
export const MEASURE_AUDIT_FIELDS = ['instrument', 'administeredAt', 'total', 'band', 'risk', 'clusters', 'answers', 'safetySignal'] as const;

/** Fields of a screening: the contraindications found, the history, the medicines, the vitals. */
export const SCREENING_AUDIT_FIELDS = ['performedAt', 'outcome', 'presentAbsolute', 'presentRelative', 'answers', 'medicalHistory', 'medications', 'baselineVitals'] as const;

/** Fields of a signed consent: who signed what, how, and its revocation. */
export const CONSENT_AUDIT_FIELDS = ['documentId', 'documentTitle', 'documentVersion', 'signerName', 'witnessName', 'method', 'signedAt', 'revokedAt', 'revocationReason'] as const;

/** Fields of a safety signal: why it opened and what was done. */
export const SAFETY_SIGNAL_AUDIT_FIELDS = ['measureId', 'reasons', 'openedAt', 'acknowledgedAt', 'acknowledgedBy', 'actionTaken'] as const;

type AuditedSubject = 'TreatmentSession' | 'Measure' | 'Screening' | 'Consent' | 'SafetySignal';

/**
 * Audits the reads of one resolver call or loader batch of treatment records in one INSERT, in
 * the reading transaction. A field is listed when the reader got it (not null in their view).
 */
export async function auditTreatmentReads(
  m: EntityManager,
  ctx: RequestContext,
  subjectType: AuditedSubject,
  views: readonly { readonly id: string; readonly caseId: string | null }[],
  fields: readonly string[],
): Promise<void> {
  await recordReads(
    m,
    ctx,
    views.map((view) => ({ subjectType, subjectId: view.id, caseId: view.caseId, fields: fieldsRead(view, fields) })),
  );
}

/** Audits what a list read returns (see auditTreatmentReads) and returns it. */
export async function audited<View extends { readonly id: string; readonly caseId: string | null }>(
  m: EntityManager,
  ctx: RequestContext,
  subjectType: AuditedSubject,
  fields: readonly string[],
  views: View[],
): Promise<View[]> {
  await auditTreatmentReads(m, ctx, subjectType, views, fields);
  return views;
}
