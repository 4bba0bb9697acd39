import { ForbiddenError, NotFoundError, UnauthenticatedError } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import { getMetadataStorage } from 'type-graphql';
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
 *
 * The check wraps the method itself rather than being a type-graphql middleware: a middleware
 * put four promises and their turns around every call, and field resolvers run once per row (a
 * partner sync calls `Case.patient` and `Case.latestMeasure` 100 times each). The method must
 * take the context with @Ctx(); a method without one fails when its class is defined.
 */
export function Authorize(action: Action, subject: SubjectType, options: { deniedAsNotFound?: boolean } = {}): MethodDecorator {
  return (prototype, methodName, descriptor) => {
    const contextOf = contextArgument(prototype, methodName);
    const method = descriptor.value as unknown as (...args: unknown[]) => unknown;
    const authorized = function (this: unknown, ...args: unknown[]): unknown {
      const ctx = contextOf(args);
      if (!abilityOf(ctx).can(action, subject)) {
        if (ctx.principal.kind === 'anonymous') throw new UnauthenticatedError();
        // For reads by id where even "you may never read these" must not be said (note content).
        throw denied(options.deniedAsNotFound ? new NotFoundError(subject) : new ForbiddenError(`Not allowed to ${action} ${subject}`), action, subject, null);
      }
      return method.apply(this, args);
    };
    return { ...descriptor, value: authorized as typeof descriptor.value };
  };
}

/**
 * Where the request context is among a resolver method's arguments, from its @Ctx() parameter.
 * TypeScript applies parameter decorators before method decorators, so type-graphql has it now.
 */
function contextArgument(prototype: object, methodName: string | symbol): (args: readonly unknown[]) => RequestContext {
  const param = getMetadataStorage().params.find((p) => p.target === prototype.constructor && p.methodName === methodName && p.kind === 'context');
  if (!param || param.kind !== 'context') throw new Error(`@Authorize on ${prototype.constructor.name}.${String(methodName)} needs a @Ctx() parameter`);
  const { index, propertyName } = param;
  if (propertyName === 'ctx') return (args) => args[index] as RequestContext;
  if (propertyName === undefined) return (args) => (args[index] as ResolverContext).ctx;
  throw new Error(`@Authorize on ${prototype.constructor.name}.${String(methodName)}: @Ctx('${propertyName}') is not the request context`);
}

/** Declares a resolver public on purpose; the reason is for the reader (and the lint rule). */
export function Public(_reason: string): MethodDecorator {
  return () => undefined;
}
