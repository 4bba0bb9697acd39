import type { RequestContext } from '@tandem/core';

/** Who an audit event names: the kind of actor, its id (user or API key), the roles it acted in. */
export interface AuditActor {
  readonly kind: 'user' | 'partner' | 'anonymous';
  readonly id: string | null;
  readonly roles: readonly string[] | null;
  /** Cases the actor holds an unexpired emergency-access grant for. */
  readonly emergencyCaseIds: readonly string[];
}

export function actorOf(ctx: Pick<RequestContext, 'principal'>): AuditActor {
  const principal = ctx.principal;
  switch (principal.kind) {
    case 'user':
      return { kind: 'user', id: principal.userId, roles: principal.roles, emergencyCaseIds: principal.emergencyCaseIds ?? [] };
    case 'partner':
      return { kind: 'partner', id: principal.apiKeyId, roles: null, emergencyCaseIds: [] };
    case 'anonymous':
      return { kind: 'anonymous', id: null, roles: null, emergencyCaseIds: [] };
  }
}
