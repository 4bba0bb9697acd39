import type { RequestContext } from '@tandem/core';
import type { EntityManager } from '@tandem/db';
import { recordCaseEvent } from '../timeline/timeline';

/**
 * A revoked consent puts an active case on hold at once (inside the revoking transaction), so
 * that nobody doses on a consent that no longer stands. Resuming into dosing then needs a new,
 * signed consent (the lifecycle's dosing gates).
 */
export async function holdOnRevokedConsent(m: EntityManager, ctx: RequestContext, caseId: string): Promise<void> {
  // TypeORM answers an UPDATE with [rows, affected].
  const [[held]] = await m.query<[{ status: string }[], number]>(
    `UPDATE clinical_case SET held_from = status, status = 'ON_HOLD', status_reason = 'Consent revoked', updated_at = $2
     WHERE id = $1 AND status NOT IN ('ON_HOLD', 'CLOSED', 'WITHDRAWN')
     RETURNING held_from AS status`,
    [caseId, ctx.clock.now()],
  );
  if (held) await recordCaseEvent(m, ctx, caseId, 'STATUS_CHANGED', { from: held.status, to: 'ON_HOLD', cause: 'CONSENT_REVOKED' });
}
