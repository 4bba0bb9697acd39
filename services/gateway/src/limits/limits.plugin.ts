import { HeaderMap } from '@apollo/server';
import type { ApolloServerPlugin } from '@apollo/server';
import { RateLimitedError } from '@tandem/core';
import type { GraphQLLimits, Principal, RateLimits } from '@tandem/core';
import { redisKeys } from '@tandem/jobs';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../context';
import type { Bucket, CostRateLimiter } from './cost-rate-limiter';
import { costOf } from './query-cost';
import { QueryTooComplexError } from './query-too-complex';

export interface LimitsPluginOptions {
  readonly limits: GraphQLLimits;
  readonly rateLimits: RateLimits;
  readonly rateLimiter: CostRateLimiter;
  /** The deployment's Redis key prefix. */
  readonly redisPrefix: string;
}

/**
 * After validation and before execution: measures the operation's cost with its variables,
 * refuses it over the maximum (QUERY_TOO_COMPLEX, 400), then takes the cost from the caller's
 * per-tenant bucket (RATE_LIMITED, 429 with Retry-After). A refused operation runs no resolver.
 * Successful responses say what they cost in `extensions.cost`.
 */
export function limitsPlugin(options: LimitsPluginOptions): ApolloServerPlugin<GatewayContext> {
  const { limits, rateLimits, rateLimiter, redisPrefix } = options;
  return {
    requestDidStart() {
      let requested: number | null = null;
      let budget: Budget | null = null;
      return Promise.resolve({
        async didResolveOperation({ schema, document, operationName, request, contextValue }) {
          const cost = measure(() => costOf(schema, document, operationName, request.variables));
          if (cost > limits.maxCost) throw refusal(new QueryTooComplexError('cost', limits.maxCost, cost), 400);
          const buckets = bucketsOf(contextValue.ctx.principal, rateLimits, redisPrefix);
          if (buckets.length > 0) {
            const taken = await rateLimiter.take(buckets, Math.max(cost, 1));
            budget = { limit: Math.min(...buckets.map((bucket) => bucket.perMinute)), remaining: taken.remaining };
            if (taken.retryAfterSeconds > 0) {
              throw refusal(new RateLimitedError(taken.retryAfterSeconds), 429, new HeaderMap([['retry-after', String(taken.retryAfterSeconds)], ...budgetHeaders(budget)]));
            }
          }
          requested = cost;
        },
        willSendResponse({ response }) {
          if (budget) for (const [name, value] of budgetHeaders(budget)) response.http.headers.set(name, value);
          if (requested !== null && response.body.kind === 'single') {
            const result = response.body.singleResult;
            result.extensions = { ...result.extensions, cost: { requested, maximum: limits.maxCost } };
          }
          return Promise.resolve();
        },
      });
    },
  };
}

function measure(cost: () => number): number {
  try {
    return cost();
  } catch (error) {
    // Variables that do not fit their definitions: execution would refuse them the same way.
    // graphql-js's own error is kept as the cause: it tells formatError which field was wrong.
    const message = error instanceof Error ? error.message : 'Invalid variables';
    throw new GraphQLError(message, { originalError: error instanceof GraphQLError ? error : undefined, extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
  }
}

function refusal(error: QueryTooComplexError | RateLimitedError, status: number, headers?: HeaderMap): GraphQLError {
  return new GraphQLError(error.message, { originalError: error, extensions: { http: headers ? { status, headers } : { status } } });
}

/** What the caller may still spend this minute, as the IETF draft's RateLimit-* headers say it. */
interface Budget {
  readonly limit: number;
  readonly remaining: number;
}

function budgetHeaders(budget: Budget): [string, string][] {
  return [
    ['ratelimit-limit', String(budget.limit)],
    ['ratelimit-remaining', String(Math.max(0, budget.remaining))],
  ];
}

/**
 * Per tenant, then per API key or user: one tenant's callers never drain another's budget. A
 * clinic's keys also share one budget, so a clinic cannot multiply its share of the gateway by
 * minting keys. A clinic's buckets share a hash tag: one script takes from them together, which
 * Redis Cluster allows only within one slot.
 */
function bucketsOf(principal: Principal, rateLimits: RateLimits, prefix: string): Bucket[] {
  switch (principal.kind) {
    case 'partner':
      return [
        { key: redisKeys.rateLimit(prefix, principal.tenantId, { apiKeyId: principal.apiKeyId }), perMinute: rateLimits.apiKeyCostPerMinute },
        { key: redisKeys.tenantKeysRateLimit(prefix, principal.tenantId), perMinute: rateLimits.tenantKeysCostPerMinute },
      ];
    case 'user':
      return [{ key: redisKeys.rateLimit(prefix, principal.tenantId, { userId: principal.userId }), perMinute: rateLimits.userCostPerMinute }];
    case 'anonymous':
      // Sign-in and invitations have their own throttles (services/accounts).
      return [];
  }
}
