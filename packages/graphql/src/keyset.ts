import { BadUserInputError, isUuid } from '@tandem/core';
import { afterId } from './page';
import type { Page, PageRequest } from './page';

/**
 * Forward pagination ordered by (a time, id), for lists whose order is not creation order
 * (changed since, starting between). The cursor is opaque to clients: base64url of
 * `<ISO time>|<uuid>`.
 */
export interface Keyset {
  readonly at: Date;
  readonly id: string;
}

export function afterKeyset(request: PageRequest): Keyset | null {
  afterId({ first: request.first });
  if (!request.after) return null;
  const [at, id] = Buffer.from(request.after, 'base64url').toString('utf8').split('|');
  const time = at ? new Date(at) : new Date(NaN);
  if (!id || !isUuid(id) || Number.isNaN(time.getTime())) throw new BadUserInputError('after', 'Not a cursor from this list');
  return { at: time, id };
}

export function keysetCursor(key: Keyset): string {
  return Buffer.from(`${key.at.toISOString()}|${key.id}`).toString('base64url');
}

/** Rows fetched with LIMIT first + 1, turned into a page whose cursors are keysets. */
export function toKeysetPage<T extends { id: string }>(rows: T[], first: number, keyOf: (row: T) => Date): Page<T> & { cursorOf: (node: T) => string } {
  const nodes = rows.slice(0, first);
  const last = nodes[nodes.length - 1];
  const cursorOf = (node: T): string => keysetCursor({ at: keyOf(node), id: node.id });
  return { nodes, hasNextPage: rows.length > first, endCursor: last ? cursorOf(last) : null, cursorOf };
}
