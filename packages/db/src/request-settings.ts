import type { ClientInfo, Clock, Principal } from '@tandem/core';

/**
 * The write-audit triggers' view of a request, as the values of `app.actor_kind`,
 * `app.actor_id`, `app.roles`, `app.request_id`, `app.ip`, `app.user_agent`, `app.clock` and
 * `app.emergency_case_ids`. A scope without a principal (the worker's system-side work, a sign-in
 * before its principal exists) sets them empty: the triggers then record the write with the
 * tenant, `app.user_id` and the transaction's time, and NULL for the rest.
 */
export function requestSettings(scope: { principal?: Principal; requestId?: string; client?: ClientInfo; clock?: Clock }): string[] {
  const actor = actorOf(scope.principal);
  return [actor.kind, actor.id, actor.roles, scope.requestId ?? '', scope.client?.ip ?? '', scope.client?.userAgent ?? '', scope.clock?.now().toISOString() ?? '', actor.emergency];
}

function actorOf(principal: Principal | undefined): { kind: string; id: string; roles: string; emergency: string } {
  switch (principal?.kind) {
    case 'user':
      return { kind: 'user', id: principal.userId, roles: principal.roles.join(','), emergency: (principal.emergencyCaseIds ?? []).join(',') };
    case 'partner':
      return { kind: 'partner', id: principal.apiKeyId, roles: '', emergency: '' };
    case 'anonymous':
      return { kind: 'anonymous', id: '', roles: '', emergency: '' };
    case undefined:
      return { kind: '', id: '', roles: '', emergency: '' };
  }
}
