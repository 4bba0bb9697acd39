import { NotFoundError, isUuid } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import type { Database } from '@tandem/db';
import { afterId, toPage } from '@tandem/graphql';
import type { Page, PageRequest } from '@tandem/graphql';

export interface NotificationView {
  readonly id: string;
  readonly kind: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly caseId: string | null;
  readonly createdAt: Date;
  readonly readAt: Date | null;
}

const SELECT = `SELECT id, kind, subject_type AS "subjectType", subject_id AS "subjectId", case_id AS "caseId", created_at AS "createdAt", read_at AS "readAt" FROM notification`;

/** A member's own in-app inbox: newest first, an unread count, mark read. Ids only, no content. */
export class InboxService {
  constructor(private readonly db: Database) {}

  async list(ctx: RequestContext, page: PageRequest): Promise<Page<NotificationView>> {
    const after = afterId(page);
    const rows = await this.db.withTenant(ctx, (m) =>
      m.query<NotificationView[]>(`${SELECT} WHERE membership_id = $1 AND ($2::uuid IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`, [member(ctx), after, page.first + 1]),
    );
    return toPage(rows, page.first);
  }

  async unreadCount(ctx: RequestContext): Promise<number> {
    const [row] = await this.db.withTenant(ctx, (m) => m.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM notification WHERE membership_id = $1 AND read_at IS NULL`, [member(ctx)]));
    return row?.n ?? 0;
  }

  async markRead(ctx: RequestContext, id: string): Promise<NotificationView> {
    return this.db.withTenant(ctx, async (m) => {
      const [row] = isUuid(id) ? await m.query<NotificationView[]>(`${SELECT} WHERE id = $1 AND membership_id = $2`, [id, member(ctx)]) : [];
      if (!row) throw new NotFoundError('Notification');
      await m.query(`UPDATE notification SET read_at = COALESCE(read_at, now()) WHERE id = $1`, [id]);
      return { ...row, readAt: row.readAt ?? ctx.clock.now() };
    });
  }
}

function member(ctx: RequestContext): string {
  return ctx.principal.kind === 'user' ? ctx.principal.membershipId : '';
}
