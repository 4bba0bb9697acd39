import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError, isUuid } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import { assertCan, canSee, readableView, visibleOrNotFound } from '@tandem/authz';
import type { Database } from '@tandem/db';
import { afterId, toPage } from '@tandem/graphql';
import type { Page, PageRequest } from '@tandem/graphql';
import { actingMember } from '../shared';
import { findGrants } from './emergency-record';
import type { EmergencyAccessView, ReviewOutcome } from './emergency-record';

export type ReviewStatus = 'PENDING' | 'REVIEWED';

const NOTE_MAX = 2000;

/** The admins' review of emergency access: a queue of grants not yet reviewed, and the verdict on each. */
export class EmergencyReviewService {
  constructor(private readonly db: Database) {}

  /** Oldest first, so the longest-waiting grant is reviewed first. */
  async queue(ctx: RequestContext, status: ReviewStatus, page: PageRequest): Promise<Page<EmergencyAccessView>> {
    const after = afterId(page);
    return this.db.withTenant(ctx, async (m) => {
      const rows = await findGrants(
        m,
        ctx.clock.now(),
        `(e.review_outcome IS NULL) = $1 AND ($2::uuid IS NULL OR e.id > $2) ORDER BY e.id LIMIT $3`,
        [status === 'PENDING', after, page.first + 1],
      );
      const visible = rows.filter((row) => canSee(ctx, 'EmergencyAccess', row)).map((row) => readableView(ctx, 'EmergencyAccess', row));
      return toPage(visible, page.first);
    });
  }

  /** Accept or flag a grant, once. Flagging says why; no one reviews their own grant. */
  async review(ctx: RequestContext, id: string, outcome: ReviewOutcome, note: string | null | undefined): Promise<EmergencyAccessView> {
    const text = note?.trim() || null;
    if (outcome === 'FLAGGED' && !text) throw new BadUserInputError('note', 'Say what is wrong when flagging');
    if (text && text.length > NOTE_MAX) throw new BadUserInputError('note', `At most ${NOTE_MAX} characters`);
    const me = actingMember(ctx);
    return this.db.withTenant(ctx, async (m) => {
      const now = ctx.clock.now();
      const [row] = isUuid(id) ? await findGrants(m, now, 'e.id = $1 FOR UPDATE OF e', [id]) : [];
      const grant = visibleOrNotFound(ctx, 'EmergencyAccess', row);
      assertCan(ctx, 'update', 'EmergencyAccess', grant);
      if (grant.membershipId === me) throw new ForbiddenError('Another admin reviews your own emergency access');
      if (grant.reviewOutcome) throw new ConflictError('This emergency access was reviewed already', { field: 'id' });
      await m.query(`UPDATE emergency_access SET review_outcome = $2, reviewed_by = $3, reviewed_at = $4, review_note = $5 WHERE id = $1`, [id, outcome, me, now, text]);
      const [reviewed] = await findGrants(m, now, 'e.id = $1', [id]);
      if (!reviewed) throw new NotFoundError('EmergencyAccess');
      return readableView(ctx, 'EmergencyAccess', reviewed);
    });
  }
}
