import { createHash } from 'node:crypto';
import { BadUserInputError, ConflictError } from '@tandem/core';
import type { Principal } from '@tandem/core';
import { IDEMPOTENCY_KEY_ARG } from '@tandem/graphql';
import { redisKeys } from '@tandem/jobs';
import type { Redis } from 'ioredis';
import type { MiddlewareFn } from 'type-graphql';
import type { GatewayContext } from './context';

const KEY_FORMAT = /^[A-Za-z0-9_-]{1,100}$/;
const TTL_MS = 24 * 60 * 60 * 1000;
/** How long a retry waits for a first attempt still in flight before answering CONFLICT. */
const IN_FLIGHT_WAIT_MS = 3_000;
const POLL_MS = 50;

type Entry = { readonly state: 'pending'; readonly input: string } | { readonly state: 'done'; readonly input: string; readonly result: string };

/**
 * Retry-safe create-mutations. A mutation that declares `@IdempotencyKey()` and is called with a
 * key runs at most once per (tenant, principal, mutation, key) for 24 hours:
 * - the first call claims the key with SET NX (so concurrent retries never both execute), runs,
 *   and stores a hash of its input with its result; a failed call releases the key;
 * - a retry with the same input gets the stored result; with another input, CONFLICT;
 * - a retry while the first call is still running waits up to 3 s for it, then answers CONFLICT.
 * Runs before the field's @Authorize, so a refused call claims nothing for long.
 */
export function idempotentMutations(redis: Redis, namespace: string): MiddlewareFn<GatewayContext> {
  return async ({ args, info, context }, next) => {
    const key = args[IDEMPOTENCY_KEY_ARG] as unknown;
    if (info.parentType.name !== 'Mutation' || key === undefined || key === null) return next() as Promise<unknown>;
    if (typeof key !== 'string' || !KEY_FORMAT.test(key)) throw new BadUserInputError(IDEMPOTENCY_KEY_ARG, 'An idempotency key is 1 to 100 of A-Z, a-z, 0-9, _ and -');
    const actor = actorOf(context.ctx.principal);
    if (!actor) return next() as Promise<unknown>;
    const redisKey = redisKeys.idempotency(namespace, actor.tenantId, actor.id, info.fieldName, key);
    const input = inputHash(args);
    const claimed = await redis.set(redisKey, JSON.stringify({ state: 'pending', input } satisfies Entry), 'PX', TTL_MS, 'NX');
    if (claimed === 'OK') return runAndRemember(redis, redisKey, input, next);
    const entry = await settled(redis, redisKey, input);
    if (!entry) return claimAgain(redis, redisKey, input, next);
    if (entry.input !== input) throw new ConflictError('This idempotency key was used with a different input', { field: IDEMPOTENCY_KEY_ARG });
    if (entry.state === 'pending') throw new ConflictError('A request with this idempotency key is still in progress; retry shortly', { field: IDEMPOTENCY_KEY_ARG });
    return decode(entry.result);
  };
}

async function runAndRemember(redis: Redis, redisKey: string, input: string, next: () => Promise<unknown>): Promise<unknown> {
  let result: unknown;
  try {
    result = await next();
  } catch (error) {
    await redis.del(redisKey);
    throw error;
  }
  await redis.set(redisKey, JSON.stringify({ state: 'done', input, result: encode(result) } satisfies Entry), 'PX', TTL_MS);
  return result;
}

/** The first attempt failed and released the key while we waited: claim it ourselves (once). */
async function claimAgain(redis: Redis, redisKey: string, input: string, next: () => Promise<unknown>): Promise<unknown> {
  const claimed = await redis.set(redisKey, JSON.stringify({ state: 'pending', input } satisfies Entry), 'PX', TTL_MS, 'NX');
  if (claimed !== 'OK') throw new ConflictError('A request with this idempotency key is still in progress; retry shortly', { field: IDEMPOTENCY_KEY_ARG });
  return runAndRemember(redis, redisKey, input, next);
}

/** The entry once done, for another input, or still pending after the wait; undefined once released. */
async function settled(redis: Redis, redisKey: string, input: string): Promise<Entry | undefined> {
  const deadline = Date.now() + IN_FLIGHT_WAIT_MS;
  for (;;) {
    const raw = await redis.get(redisKey);
    if (raw === null) return undefined;
    const entry = JSON.parse(raw) as Entry;
    if (entry.state === 'done' || entry.input !== input || Date.now() >= deadline) return entry;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function actorOf(principal: Principal): { tenantId: string; id: string } | null {
  switch (principal.kind) {
    case 'user':
      return { tenantId: principal.tenantId, id: `user-${principal.userId}` };
    case 'partner':
      return { tenantId: principal.tenantId, id: `key-${principal.apiKeyId}` };
    case 'anonymous':
      return null;
  }
}

/** sha256 of the arguments other than the key, with object keys sorted (input order is no difference). */
export function inputHash(args: Record<string, unknown>): string {
  const { [IDEMPOTENCY_KEY_ARG]: _key, ...rest } = args;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_name, item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    return Object.fromEntries(Object.entries(item as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

/** JSON that keeps Dates as Dates (the result is re-serialised by the GraphQL types on replay). */
export function encode(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, name: string, item: unknown) {
    const raw = this[name];
    return raw instanceof Date ? { $date: raw.toISOString() } : item;
  });
}

export function decode(text: string): unknown {
  return JSON.parse(text, (_name, item: unknown) => {
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      const keys = Object.keys(item);
      const date = (item as { $date?: unknown }).$date;
      if (keys.length === 1 && typeof date === 'string') return new Date(date);
    }
    return item;
  });
}
