import type { RequestContext } from '@tandem/core';
import type { EntityManager } from '@tandem/db';

/** What auditContext needs of a request: these RequestContext fields, nothing more. */
export type AuditContextSource = Pick<RequestContext, 'principal' | 'requestId' | 'client' | 'clock'>;

/**
 * Tells the database who is writing, for the write-audit triggers (docs/audit.md): the actor,
 * the roles it acts in, the request, where it came from, the request clock and the cases under
 * emergency access, as transaction-local settings, in ONE statement. Call it right after the
 * tenant is set in a writing transaction; without it the triggers still record the write with
 * the tenant, app.user_id and the time, and NULL for the rest. It imports nothing of
 * @tandem/audit, so that it can move into @tandem/db (which audit depends on) to be called from
 * withTenant.
 */
export async function auditContext(m: EntityManager, ctx: AuditContextSource): Promise<void> {
  const principal = ctx.principal;
  const actor =
    principal.kind === 'user'
      ? { kind: 'user', id: principal.userId, roles: principal.roles.join(','), emergency: (principal.emergencyCaseIds ?? []).join(',') }
      : principal.kind === 'partner'
        ? { kind: 'partner', id: principal.apiKeyId, roles: '', emergency: '' }
        : { kind: 'anonymous', id: '', roles: '', emergency: '' };
  await m.query(
    `SELECT set_config('app.actor_kind', $1, true), set_config('app.actor_id', $2, true), set_config('app.roles', $3, true),
            set_config('app.request_id', $4, true), set_config('app.ip', $5, true), set_config('app.user_agent', $6, true),
            set_config('app.clock', $7, true), set_config('app.emergency_case_ids', $8, true)`,
    [actor.kind, actor.id, actor.roles, ctx.requestId, ctx.client.ip, ctx.client.userAgent ?? '', ctx.clock.now().toISOString(), actor.emergency],
  );
}
