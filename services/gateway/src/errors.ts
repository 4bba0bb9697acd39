import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { ERROR_CODES, isAppError } from '@tandem/core';
import type { Logger } from '@tandem/core';

/**
 * Every error leaves with a stable `extensions.code` and a client-safe message, never a stack
 * trace. Application errors keep their code and details; GraphQL errors we raise ourselves (e.g.
 * UNAUTHENTICATED from authentication) and GraphQL's own request errors keep their codes;
 * anything else is logged here and reported as INTERNAL_SERVER_ERROR.
 */
const CLIENT_FACING_CODES: ReadonlySet<string> = new Set<string>([
  ...ERROR_CODES.filter((code) => code !== 'INTERNAL_SERVER_ERROR'),
  ApolloServerErrorCode.GRAPHQL_PARSE_FAILED,
  ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED,
  ApolloServerErrorCode.BAD_USER_INPUT,
  ApolloServerErrorCode.BAD_REQUEST,
  ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_FOUND,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
]);

export function formatErrorFor(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (isAppError(original)) {
      return { message: original.message, path: formatted.path, locations: formatted.locations, extensions: original.toExtensions() };
    }
    const code = formatted.extensions?.code;
    if (original instanceof GraphQLError && typeof code === 'string' && CLIENT_FACING_CODES.has(code)) {
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
    }
    log.error({ err: safeError(original), path: formatted.path }, 'unexpected error while serving a GraphQL request');
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/**
 * What may be logged of an unexpected error: its kind, message, PostgreSQL code and constraint.
 * Never a query's parameters or a constraint violation's detail: those carry the values written,
 * which can be PHI.
 */
export function safeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const pg = error as Error & { code?: unknown; constraint?: unknown; driverError?: { code?: unknown; constraint?: unknown } };
  return {
    type: error.name,
    message: error.message,
    code: pg.code ?? pg.driverError?.code,
    constraint: pg.constraint ?? pg.driverError?.constraint,
    stack: error.stack?.split('\n').slice(0, 6).join('\n'),
  };
}
