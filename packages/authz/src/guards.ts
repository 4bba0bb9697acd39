import { ForbiddenError, NotFoundError, UnauthenticatedError } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import { createMethodMiddlewareDecorator } from 'type-graphql';
import { abilityOf } from './ability';
import { denied } from './checks';
import type { Action, SubjectType } from './subjects';

/** What every resolver receives as its type-graphql context. */
export interface ResolverContext {
  readonly ctx: RequestContext;
}

/**
 * Declares a resolver's permission: the actor must be able to do `action` on at least some
 * `subject` (instance conditions are then checked by the service on the record itself).
 * Anonymous callers get UNAUTHENTICATED, signed-in ones FORBIDDEN. Lint fails on a resolver
 * method without @Authorize or @Public.
 */
export function Authorize(action: Action, subject: SubjectType, options: { deniedAsNotFound?: boolean } = {}): MethodDecorator {
  return createMethodMiddlewareDecorator<ResolverContext>(async ({ context }, next) => {
    const { ctx } = context;
    if (!abilityOf(ctx).can(action, subject)) {
      if (ctx.principal.kind === 'anonymous') throw new UnauthenticatedError();
      // For reads by id where even "you may never read these" must not be said (note content).
      throw denied(options.deniedAsNotFound ? new NotFoundError(subject) : new ForbiddenError(`Not allowed to ${action} ${subject}`), action, subject, null);
    }
    return next() as Promise<unknown>;
  });
}

/** Declares a resolver public on purpose; the reason is for the reader (and the lint rule). */
export function Public(_reason: string): MethodDecorator {
  return () => undefined;
}
