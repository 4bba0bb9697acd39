import type { ApolloServerPlugin } from '@apollo/server';
import { recordDenials } from '@tandem/audit';
import { isAppError } from '@tandem/core';
import type { DeniedSubject, Logger } from '@tandem/core';
import type { Database } from '@tandem/db';
import type { GatewayContext } from './context';
import { safeError } from './errors';

/**
 * Every NOT_FOUND / FORBIDDEN raised by the permission checks leaves a DENIED audit event,
 * written before the answer is sent: after a mutation in a transaction of its own (its writes may
 * have rolled back), in a query's shared transaction otherwise (see recordDenials). Failing to
 * record one is logged, never turned into a different answer.
 */
export function auditDenials(db: Database, log: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        async didEncounterErrors({ errors, contextValue }) {
          const denials = errors.map((error) => (isAppError(error.originalError) ? error.originalError.deniedSubject : undefined)).filter((denial): denial is DeniedSubject => denial !== undefined);
          if (denials.length === 0 || !contextValue.ctx?.tenantId) return;
          try {
            await recordDenials(db, contextValue.ctx, denials);
          } catch (error) {
            log.error({ err: safeError(error) }, 'could not audit a denied attempt');
          }
        },
      });
    },
  };
}
