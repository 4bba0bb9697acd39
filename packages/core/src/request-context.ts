import { AsyncLocalStorage } from 'node:async_hooks';
import type { Clock } from './clock';
import type { Logger } from './logger';
import { tenantOf } from './principal';
import type { Principal } from './principal';

export interface RequestContextInit {
  readonly requestId: string;
  readonly principal: Principal;
  readonly log: Logger;
  readonly clock: Clock;
}

/**
 * Everything a service needs to know about the request it serves. Built once per request by the
 * gateway (or per job by the worker), immutable, and passed as the first argument of every
 * service function. The tenant is derived from the verified principal, never from input.
 */
export class RequestContext {
  readonly requestId: string;
  readonly principal: Principal;
  readonly tenantId: string | null;
  readonly log: Logger;
  readonly clock: Clock;

  constructor(init: RequestContextInit) {
    this.requestId = init.requestId;
    this.principal = init.principal;
    this.tenantId = tenantOf(init.principal);
    this.log = init.log;
    this.clock = init.clock;
    Object.freeze(this);
  }
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Mirror the context into async-local storage for code that cannot take it as an argument. */
export function runWithContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** The current request's context; throws when called outside one, instead of guessing. */
export function currentContext(): RequestContext {
  const ctx = storage.getStore();
  if (!ctx) throw new Error('No request context: this code must run inside runWithContext()');
  return ctx;
}
