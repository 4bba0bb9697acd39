import { UnauthenticatedError } from '@tandem/core';
import type { RequestContext, UserPrincipal } from '@tandem/core';

/** The signed-in person behind a request (partners and anonymous callers are refused). */
export function signedInUser(ctx: RequestContext): UserPrincipal {
  if (ctx.principal.kind !== 'user') throw new UnauthenticatedError('Sign in as a person to do this');
  return ctx.principal;
}
