import { BadUserInputError, isUuid } from '@tandem/core';

/**
 * Forward cursor pagination over UUIDv7 ids (which sort by creation time): `first` is required
 * and capped; the cursor is opaque to clients.
 */
export const MAX_PAGE_SIZE = 100;

export interface PageRequest {
  readonly first: number;
  readonly after?: string | null;
}

export interface Page<T> {
  readonly nodes: T[];
  readonly hasNextPage: boolean;
  readonly endCursor: string | null;
}

export function afterId(request: PageRequest): string | null {
  if (!Number.isInteger(request.first) || request.first < 1 || request.first > MAX_PAGE_SIZE) {
    throw new BadUserInputError('first', `first must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  if (!request.after) return null;
  const id = Buffer.from(request.after, 'base64url').toString('utf8');
  if (!isUuid(id)) throw new BadUserInputError('after', 'Not a cursor from this list');
  return id;
}

/** Rows fetched with LIMIT first + 1, turned into a page. */
export function toPage<T extends { id: string }>(rows: T[], first: number): Page<T> {
  const nodes = rows.slice(0, first);
  const last = nodes[nodes.length - 1];
  return { nodes, hasNextPage: rows.length > first, endCursor: last ? Buffer.from(last.id).toString('base64url') : null };
}
