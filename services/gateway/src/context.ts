import type { Accounts } from '@tandem/accounts';
import { abilityFor } from '@tandem/authz';
import type { ResolverContext } from '@tandem/authz';
import { AppError, RequestContext, anonymous } from '@tandem/core';
import type { Clock, Logger, Principal } from '@tandem/core';
import type { Request } from 'express';
import { GraphQLError } from 'graphql';
import { requestTransactionOf } from './request-transaction';

/** What type-graphql resolvers receive: the immutable request context, and nothing else. */
export type GatewayContext = ResolverContext;

/**
 * Authenticates the request and builds its context. The tenant comes only from the verified
 * credential. No Authorization header means anonymous; a bad one is refused outright (401).
 */
export async function buildRequestContext(req: Request, deps: { accounts: Accounts; clock: Clock; log: Logger }): Promise<GatewayContext> {
  const requestTransaction = requestTransactionOf(req);
  const principal = await principalOf(req.headers.authorization, deps.accounts, requestTransaction);
  const log = (req.log as Logger).child({ actor: principal.kind === 'anonymous' ? 'anonymous' : principal.kind === 'user' ? principal.userId : principal.apiKeyId });
  const ctx = new RequestContext({
    requestId: req.id as string,
    principal,
    ability: abilityFor(principal),
    log,
    clock: deps.clock,
    client: { ip: req.ip ?? req.socket.remoteAddress ?? 'unknown', userAgent: req.headers['user-agent']?.slice(0, 200) ?? null },
    requestTransaction,
  });
  return { ctx };
}

/** The token of an `Authorization: Bearer <token>` header; a malformed header is UNAUTHENTICATED. */
export function bearerTokenOf(header: string): string {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{10,4096})$/.exec(header.trim());
  if (!match?.[1]) throw new AppError('UNAUTHENTICATED', 'Malformed Authorization header: use "Bearer <token>"');
  return match[1];
}

async function principalOf(header: string | undefined, accounts: Accounts, requestTransaction: unknown): Promise<Principal> {
  if (header === undefined) return anonymous;
  try {
    return await accounts.authenticator.authenticate(bearerTokenOf(header), requestTransaction);
  } catch (error) {
    if (error instanceof AppError && error.code === 'UNAUTHENTICATED') {
      throw new GraphQLError(error.message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
    }
    throw error;
  }
}
