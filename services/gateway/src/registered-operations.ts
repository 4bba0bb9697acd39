import type { ApolloServerPlugin } from '@apollo/server';
import { operationHash } from '@tandem/accounts';
import type { RegisteredOperationService } from '@tandem/accounts';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from './context';

export const OPERATION_NOT_REGISTERED = 'OPERATION_NOT_REGISTERED';

/**
 * A clinic with `settings.api.partnerKeysRegisteredOperationsOnly` lets its partner keys run only
 * the operations its admins registered. The check is on the sha256 of the text that will run
 * (Apollo itself refuses a hash that does not match the text sent with it); a partner may send
 * the hash alone, and the registered text is used even when the persisted-query cache lost it.
 * People signed in to the clinic are never restricted by it.
 */
export function registeredOperationsOnly(operations: RegisteredOperationService): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ request, contextValue }) {
      const { ctx } = contextValue;
      if (ctx.principal.kind !== 'partner') return;
      const sent = (request.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash;
      const hash = typeof sent === 'string' ? sent : request.query !== undefined ? operationHash(request.query) : null;
      const gate = await operations.partnerGate(ctx, hash);
      if (!gate.registeredOnly) return;
      if (gate.query !== null && request.query === undefined) request.query = gate.query;
      return {
        didResolveOperation({ queryHash }) {
          // Before anything executes: the text about to run must be one the clinic registered.
          if (gate.query === null || queryHash !== hash) {
            throw new GraphQLError('This clinic lets partner keys run registered operations only; ask its admin to register this one', {
              extensions: { code: OPERATION_NOT_REGISTERED, http: { status: 403 } },
            });
          }
          return Promise.resolve();
        },
      };
    },
  };
}
