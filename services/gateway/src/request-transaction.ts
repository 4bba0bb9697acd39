import type { ApolloServerPlugin } from '@apollo/server';
import { OperationTypeNode } from 'graphql';
import type { Logger } from '@tandem/core';
import type { Database, RequestTransaction } from '@tandem/db';
import type { Request, RequestHandler } from 'express';
import type { GatewayContext } from './context';
import { safeError } from './errors';

/** The request transaction of each HTTP request being handled (see oneTransactionPerRequest). */
const transactions = new WeakMap<Request, RequestTransaction>();

/** The request transaction oneTransactionPerRequest opened for `req`, if any. */
export function requestTransactionOf(req: Request): RequestTransaction | undefined {
  return transactions.get(req);
}

/**
 * Every GraphQL request gets a request transaction (`db.openRequest`), which its context carries
 * (`requestTransaction`), so a query's authentication, resolvers and loaders share one
 * transaction (packages/db, RequestTransaction). Whatever is still open when the connection
 * closes without an answer from Apollo (a refused credential, a client gone) rolls back.
 */
export function oneTransactionPerRequest(db: Database, log: Logger): RequestHandler {
  return (req, res, next) => {
    const request = db.openRequest();
    transactions.set(req, request);
    res.on('close', () => {
      request.end(false).catch((error: unknown) => log.error({ err: safeError(error) }, 'could not roll back a request transaction'));
    });
    next();
  };
}

/**
 * Mutations stop sharing before they execute: each write keeps its own transaction, which rolls
 * back alone. A query's shared transaction commits before the answer leaves; if it cannot (a
 * statement in it failed), the answer is replaced by an error, so that no data is sent whose
 * read audit did not commit.
 */
export function requestTransactionPlugin(log: Logger): ApolloServerPlugin<GatewayContext> {
  const transactionOf = (context: GatewayContext | undefined) => context?.ctx?.requestTransaction as RequestTransaction | undefined;
  return {
    requestDidStart() {
      return Promise.resolve({
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation !== OperationTypeNode.QUERY) await transactionOf(contextValue)?.stopSharing();
        },
        async willSendResponse({ response, contextValue }) {
          try {
            await transactionOf(contextValue)?.end(true);
          } catch (error) {
            log.error({ err: safeError(error) }, 'request transaction did not commit; answer withheld');
            if (response.body.kind === 'single') {
              response.body.singleResult = { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] };
            }
          }
        },
      });
    },
  };
}
