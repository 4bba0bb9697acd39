import type { ApolloServerPlugin } from '@apollo/server';
import { OperationTypeNode } from 'graphql';
import type { Logger } from '@tandem/core';
import type { Database } from '@tandem/db';
import type { RequestHandler } from 'express';
import type { GatewayContext } from './context';
import { safeError } from './errors';

/**
 * Every GraphQL request is handled inside `db.inRequest`, so a query's resolvers and loaders
 * share one transaction (packages/db, RequestTransaction). Whatever is still open when the
 * connection closes without an answer from Apollo (a refused credential, a client gone) rolls back.
 */
export function oneTransactionPerRequest(db: Database, log: Logger): RequestHandler {
  return (_req, res, next) => {
    db.inRequest((request) => {
      res.on('close', () => {
        request.end(false).catch((error: unknown) => log.error({ err: safeError(error) }, 'could not roll back a request transaction'));
      });
      next();
    });
  };
}

/**
 * Mutations stop sharing before they execute: each write keeps its own transaction, which rolls
 * back alone. A query's shared transaction commits before the answer leaves; if it cannot (a
 * statement in it failed), the answer is replaced by an error, so that no data is sent whose
 * read audit did not commit.
 */
export function requestTransactionPlugin(db: Database, log: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        async didResolveOperation({ operation }) {
          if (operation?.operation !== OperationTypeNode.QUERY) await db.currentRequest()?.stopSharing();
        },
        async willSendResponse({ response }) {
          try {
            await db.currentRequest()?.end(true);
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
