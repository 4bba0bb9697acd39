import type { AnyAbility } from '@casl/ability';
import type { Clock } from './clock';
import type { Logger } from './logger';
import { tenantOf, userOf } from './principal';
import type { Principal } from './principal';

export interface RequestContextInit {
  readonly requestId: string;
  readonly principal: Principal;
  /** What the principal may do (built by @tandem/authz from the permission policy). */
  readonly ability: AnyAbility;
  readonly log: Logger;
  readonly clock: Clock;
  /** Where the request came from (for throttling and, later, audit); never PHI. */
  readonly client?: ClientInfo;
  /** The request's shared database transaction (packages/db, `Database.openRequest`), opaque here. */
  readonly requestTransaction?: unknown;
}

export interface ClientInfo {
  readonly ip: string;
  readonly userAgent: string | null;
}

/**
 * Everything a service needs to know about the request it serves. Built once per request by the
 * gateway (or per job by the worker), immutable, and passed as the first argument of every
 * service function. The tenant is derived from the verified principal, never from input.
 */
export class RequestContext {
  readonly requestId: string;
  readonly principal: Principal;
  readonly ability: AnyAbility;
  readonly tenantId: string | null;
  readonly userId: string | null;
  readonly log: Logger;
  readonly clock: Clock;
  readonly client: ClientInfo;
  /** The request's shared database transaction, if it has one: what `db.withTenant(ctx, …)` joins. */
  readonly requestTransaction: unknown;
  /**
   * Per-request DataLoaders, created on first use by the service that owns them, so that a
   * relation costs one statement per request however many rows ask for it.
   */
  readonly loaders = new Map<string, unknown>();

  constructor(init: RequestContextInit) {
    this.requestId = init.requestId;
    this.principal = init.principal;
    this.ability = init.ability;
    this.tenantId = tenantOf(init.principal);
    this.userId = userOf(init.principal);
    this.log = init.log;
    this.clock = init.clock;
    this.client = init.client ?? { ip: 'internal', userAgent: null };
    this.requestTransaction = init.requestTransaction;
    Object.freeze(this);
  }
}
