import { fieldsRead, recordReads } from '@tandem/audit';
import type { RequestContext } from '@tandem/core';
import type { EntityManager } from '@tandem/db';
import type { CaseView } from './case-record';

/** A case's clinical content; status, dates and team are logistics and read by the front desk too. */
const CLINICAL_FIELDS = ['indication', 'indicationOther', 'referralSource', 'statusReason'] as const;

/**
 * Reads of a case's clinical content are audited, one INSERT per resolver call; a view that
 * carries none of it (the logistics view of staff and admins) is not a PHI read of the case.
 */
export async function auditCaseReads(m: EntityManager, ctx: RequestContext, cases: readonly CaseView[]): Promise<void> {
  await recordReads(
    m,
    ctx,
    cases
      .map((view) => ({ view, fields: fieldsRead(view, CLINICAL_FIELDS) }))
      .filter(({ fields }) => fields.length > 0)
      .map(({ view, fields }) => ({ subjectType: 'Case', subjectId: view.id, caseId: view.id, patientId: view.patientId, fields })),
  );
}

/**
 * A page of a case's timeline read: one event naming the case and the field `timeline`. The
 * timeline holds codes and ids (who moved the case where, which consent, which session), not
 * free text, but which treatment steps a patient went through, and when, is PHI.
 */
export async function auditTimelineRead(m: EntityManager, ctx: RequestContext, record: CaseView): Promise<void> {
  await recordReads(m, ctx, [{ subjectType: 'Case', subjectId: record.id, caseId: record.id, patientId: record.patientId, fields: ['timeline'] }]);
}
