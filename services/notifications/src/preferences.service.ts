import { BadUserInputError } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import type { Database } from '@tandem/db';
import { NOTIFICATION_KINDS, REQUIRED_KINDS, isNotificationKind } from './kinds';
import type { NotificationKind } from './kinds';

export interface NotificationPreferenceView {
  readonly kind: NotificationKind;
  readonly inApp: boolean;
  readonly email: boolean;
  /** Safety alerts cannot be turned off. */
  readonly required: boolean;
}

/**
 * Which channels a member wants per kind of notification in this clinic. Everything is on until
 * turned off; safety alerts and vitals escalations are always on, on every channel.
 */
export class PreferencesService {
  constructor(private readonly db: Database) {}

  async list(ctx: RequestContext): Promise<NotificationPreferenceView[]> {
    const rows = await this.db.withTenant(ctx, (m) =>
      m.query<{ kind: NotificationKind; in_app: boolean; email: boolean }[]>(`SELECT kind, in_app, email FROM notification_preference WHERE membership_id = $1`, [member(ctx)]),
    );
    return NOTIFICATION_KINDS.map((kind) => {
      const stored = rows.find((row) => row.kind === kind);
      const required = REQUIRED_KINDS.includes(kind);
      return { kind, inApp: required || (stored?.in_app ?? true), email: required || (stored?.email ?? true), required };
    });
  }

  async set(ctx: RequestContext, kind: string, channels: { inApp: boolean; email: boolean }): Promise<NotificationPreferenceView> {
    if (!isNotificationKind(kind)) throw new BadUserInputError('kind', `Unknown notification kind. Known: ${NOTIFICATION_KINDS.join(', ')}`);
    if (REQUIRED_KINDS.includes(kind) && !(channels.inApp && channels.email)) {
      throw new BadUserInputError(channels.inApp ? 'email' : 'inApp', 'Safety alerts reach every channel and cannot be turned off');
    }
    await this.db.withTenant(ctx, (m) =>
      m.query(
        `INSERT INTO notification_preference (tenant_id, membership_id, kind, in_app, email, updated_at) VALUES (app.current_tenant(), $1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, membership_id, kind) DO UPDATE SET in_app = EXCLUDED.in_app, email = EXCLUDED.email, updated_at = EXCLUDED.updated_at`,
        [member(ctx), kind, channels.inApp, channels.email, ctx.clock.now()],
      ),
    );
    return { kind, inApp: channels.inApp, email: channels.email, required: REQUIRED_KINDS.includes(kind) };
  }
}

function member(ctx: RequestContext): string {
  return ctx.principal.kind === 'user' ? ctx.principal.membershipId : '';
}
