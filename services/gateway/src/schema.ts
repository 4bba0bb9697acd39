import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import type { NonEmptyArray } from 'type-graphql';
import { ServerInfoResolver } from './server-info.resolver';

/** Every resolver the API serves, in one explicit list (domain services add theirs here). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- type-graphql's resolver list type
export const RESOLVERS: NonEmptyArray<Function> = [ServerInfoResolver];

export async function buildGatewaySchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: RESOLVERS, validate: false });
}
