import { Arg } from 'type-graphql';

/** The argument name the gateway's idempotency middleware looks for on a mutation. */
export const IDEMPOTENCY_KEY_ARG = 'idempotencyKey';

/**
 * Declares a create-mutation retryable: an optional `idempotencyKey` argument. The gateway
 * (services/gateway/src/idempotency.ts) replays the first result of a retry with the same key and
 * input; the resolver itself never reads the value.
 */
export function IdempotencyKey(): ReturnType<typeof Arg> {
  return Arg(IDEMPOTENCY_KEY_ARG, () => String, {
    nullable: true,
    description: 'Retry-safe creation: a retry with the same key (1–100 of A-Z a-z 0-9 _ -) and input within 24 h returns the first result.',
  });
}
