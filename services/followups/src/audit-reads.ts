import { fieldsRead, recordReads } from '@tandem/audit';
import type { RequestContext } from '@tandem/core';
import type { EntityManager } from '@tandem/db';
import type { FollowUpView } from './followup-record';

/**
 * The free text of a follow-up: a title or a completion note may name clinical facts ("Repeat
 * BP after syncope"). A read that returns either is audited; dates and statuses alone are not.
 */
const TEXT_FIELDS = ['title', 'completionNote'] as const;

/** Audits the follow-ups a list returned, in the transaction that read them. */
export async function auditFollowUpReads(m: EntityManager, ctx: RequestContext, followUps: readonly FollowUpView[]): Promise<void> {
  await recordReads(
    m,
    ctx,
    followUps
      .map((followUp) => ({ followUp, fields: fieldsRead(followUp, TEXT_FIELDS) }))
      .filter(({ fields }) => fields.length > 0)
      .map(({ followUp, fields }) => ({ subjectType: 'FollowUp', subjectId: followUp.id, caseId: followUp.caseId, fields })),
  );
}
