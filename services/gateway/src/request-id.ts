import type { IncomingMessage } from 'node:http';
import { newId } from '@tandem/core';

// A caller's own id is kept only if it is short and plain, so it cannot inject into logs.
const ACCEPTABLE = /^[A-Za-z0-9._-]{8,64}$/;

/** The request id: the caller's `x-request-id` if acceptable, else a new UUIDv7. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && ACCEPTABLE.test(given) ? given : newId();
}
