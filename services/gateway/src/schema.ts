import { ACCOUNT_RESOLVERS } from '@tandem/accounts';
import { AUDIT_RESOLVERS } from '@tandem/audit';
import { CASE_RESOLVERS } from '@tandem/cases';
import { CREDENTIAL_RESOLVERS } from '@tandem/credentials';
import { NOTE_RESOLVERS } from '@tandem/notes';
import { NOTIFICATION_RESOLVERS } from '@tandem/notifications';
import { FOLLOW_UP_RESOLVERS } from '@tandem/followups';
import { TREATMENT_RESOLVERS } from '@tandem/treatment';
import { defaultFieldResolver } from 'graphql';
import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import { buildSchema, getMetadataStorage } from 'type-graphql';
import type { ContainerType, MiddlewareFn, NonEmptyArray } from 'type-graphql';
import type { GatewayContext } from './context';
import { callFieldResolversDirectly } from './direct-field-resolvers';
import { ServerInfoResolver } from './server-info.resolver';

/** Every resolver the API serves, in one explicit list (domain services add theirs here). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- type-graphql's resolver list type
export const RESOLVERS: NonEmptyArray<Function> = [ServerInfoResolver, ...ACCOUNT_RESOLVERS, ...CASE_RESOLVERS, ...TREATMENT_RESOLVERS, ...NOTE_RESOLVERS, ...NOTIFICATION_RESOLVERS, ...FOLLOW_UP_RESOLVERS, ...AUDIT_RESOLVERS, ...CREDENTIAL_RESOLVERS];

/**
 * The schema. `instances` are the resolvers wired with their services; without them (when
 * only printing the schema) type-graphql would construct resolvers itself, which is never
 * needed because nothing is executed. `mutationMiddlewares` run around every mutation (idempotency).
 */
export async function buildGatewaySchema(instances: readonly object[] = [], mutationMiddlewares: MiddlewareFn<GatewayContext>[] = []): Promise<GraphQLSchema> {
  const byClass = new Map<unknown, object>(instances.map((instance) => [instance.constructor, instance]));
  const container: ContainerType = {
    get: (resolverClass: new () => object) => byClass.get(resolverClass) ?? new resolverClass(),
  };
  plainFieldsReadDirectly();
  const schema = await buildSchema({ resolvers: RESOLVERS, validate: false, container });
  callFieldResolversDirectly(schema, container);
  return aroundMutations(schema, mutationMiddlewares);
}

/**
 * Plain fields (no @FieldResolver) are read by graphql-js's default resolver, as if every
 * @ObjectType said `simpleResolvers: true`. Otherwise type-graphql wraps each one to run field
 * middlewares, of which Tandem has none (mutations have theirs below): an object and two
 * closures per field per row, about 1,500 for a partner's page of 100 cases, for the same value.
 * An @ObjectType that sets the option itself keeps its choice.
 */
function plainFieldsReadDirectly(): void {
  for (const objectType of getMetadataStorage().objectTypes) objectType.simpleResolvers ??= true;
}

/**
 * Runs the middlewares around every mutation field and nowhere else. As type-graphql global
 * middlewares they wrapped every field of every answer in async calls: a page of 100 cases paid
 * for some 800 of them (seen in the gateway's profile).
 */
function aroundMutations(schema: GraphQLSchema, middlewares: MiddlewareFn<GatewayContext>[]): GraphQLSchema {
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    field.resolve = middlewares.reduceRight<GraphQLFieldResolver<unknown, GatewayContext, Record<string, unknown>>>(
      (next, middleware) => (root, args, context, info) => middleware({ root, args, context, info }, () => Promise.resolve(next(root, args, context, info))),
      field.resolve ?? defaultFieldResolver,
    );
  }
  return schema;
}
