import { ACCOUNT_RESOLVERS } from '@tandem/accounts';
import { AUDIT_RESOLVERS } from '@tandem/audit';
import { CASE_RESOLVERS } from '@tandem/cases';
import { NOTE_RESOLVERS } from '@tandem/notes';
import { NOTIFICATION_RESOLVERS } from '@tandem/notifications';
import { FOLLOW_UP_RESOLVERS } from '@tandem/followups';
import { TREATMENT_RESOLVERS } from '@tandem/treatment';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import type { ContainerType, MiddlewareFn, NonEmptyArray } from 'type-graphql';
import type { GatewayContext } from './context';
import { ServerInfoResolver } from './server-info.resolver';

/** Every resolver the API serves, in one explicit list (domain services add theirs here). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- type-graphql's resolver list type
export const RESOLVERS: NonEmptyArray<Function> = [ServerInfoResolver, ...ACCOUNT_RESOLVERS, ...CASE_RESOLVERS, ...TREATMENT_RESOLVERS, ...NOTE_RESOLVERS, ...NOTIFICATION_RESOLVERS, ...FOLLOW_UP_RESOLVERS, ...AUDIT_RESOLVERS];

/**
 * The schema. `instances` are the resolvers wired with their services; without them (when
 * only printing the schema) type-graphql would construct resolvers itself, which is never
 * needed because nothing is executed. `globalMiddlewares` run around every field (idempotency).
 */
export async function buildGatewaySchema(instances: readonly object[] = [], globalMiddlewares: MiddlewareFn<GatewayContext>[] = []): Promise<GraphQLSchema> {
  const byClass = new Map<unknown, object>(instances.map((instance) => [instance.constructor, instance]));
  const container: ContainerType = {
    get: (resolverClass: new () => object) => byClass.get(resolverClass) ?? new resolverClass(),
  };
  return buildSchema({ resolvers: RESOLVERS, validate: false, container, globalMiddlewares });
}
