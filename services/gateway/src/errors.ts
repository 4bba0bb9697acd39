import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { ERROR_CODES, isAppError } from '@tandem/core';
import type { Logger } from '@tandem/core';
import { inputFieldOf } from './input-field';
import { QueryTooComplexError } from './limits';
import { OPERATION_NOT_REGISTERED } from './registered-operations';

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
  OPERATION_NOT_REGISTERED,
]);

export function formatErrorFor(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = appErrorOf(error) ?? unwrapResolverError(error);
    if (isAppError(original)) {
      return { message: original.message, path: formatted.path, locations: formatted.locations, extensions: original.toExtensions() };
    }
    const code = requestErrorCode(original) ?? formatted.extensions?.code;
    const tokens = code === ApolloServerErrorCode.GRAPHQL_PARSE_FAILED ? TOO_MANY_TOKENS.exec(formatted.message) : null;
    if (tokens) {
      // Parsing stops at the first token over the limit: that one is what was measured.
      const error = new QueryTooComplexError('tokens', Number(tokens[1]), Number(tokens[1]) + 1);
      return { message: error.message, extensions: error.toExtensions() };
    }
    if (original instanceof GraphQLError && typeof code === 'string' && CLIENT_FACING_CODES.has(code)) {
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code, ...inputFieldExtension(original, code) } };
    }
    log.error({ err: safeError(original), path: formatted.path }, 'unexpected error while serving a GraphQL request');
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/** Input that does not fit the schema names its field, like a resolver's BadUserInputError. */
const INPUT_CODES: ReadonlySet<string> = new Set<string>([ApolloServerErrorCode.BAD_USER_INPUT, ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED]);

function inputFieldExtension(error: GraphQLError, code: string): { field?: string } {
  if (!INPUT_CODES.has(code)) return {};
  const field = inputFieldOf(error);
  return field ? { field } : {};
}

/** graphql-js's message when `parse(..., { maxTokens })` gives up (16.x says "more that"). */
const TOO_MANY_TOKENS = /Document contains more tha[nt] (\d+) tokens/;

/**
 * An application error raised before execution (a limit in a validation rule or a plugin),
 * which Apollo wraps in a GraphQLError of its own.
 */
function appErrorOf(error: unknown): unknown {
  if (isAppError(error)) return error;
  if (error instanceof GraphQLError) {
    if (isAppError(error.originalError)) return error.originalError;
    const inner = error.originalError;
    if (inner instanceof GraphQLError && isAppError(inner.originalError)) return inner.originalError;
  }
  return undefined;
}

/**
 * Apollo answers a few request errors with an HTTP 400 and no code (e.g. a persisted-query hash
 * that does not match the text sent with it): they are the client's, so BAD_REQUEST.
 */
function requestErrorCode(error: unknown): string | undefined {
  if (!(error instanceof GraphQLError) || error.extensions.code !== undefined) return undefined;
  const http = error.extensions.http as { status?: unknown } | undefined;
  return http?.status === 400 ? ApolloServerErrorCode.BAD_REQUEST : undefined;
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
