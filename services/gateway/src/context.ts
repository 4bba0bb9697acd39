import type { Clock, Logger, Principal } from '@tandem/core';
import { RequestContext, anonymous } from '@tandem/core';

/** What type-graphql resolvers receive: the immutable request context, and nothing else. */
export interface GatewayContext {
  readonly ctx: RequestContext;
}

/**
 * Builds the request context. Authentication (access tokens, API keys) arrives with the
 * accounts service; until then every caller is anonymous and no tenant data is reachable.
 */
export function buildRequestContext(input: { requestId: string; log: Logger; clock: Clock }): GatewayContext {
  const principal: Principal = anonymous;
  return { ctx: new RequestContext({ requestId: input.requestId, principal, log: input.log, clock: input.clock }) };
}
