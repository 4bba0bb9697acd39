import { withClient } from '@tandem/db';
import type { Client } from 'pg';

/** Runs `fn` on a connection of the benchmark database's owner, closed afterwards whatever happens. */
export function asOwner<T>(ownerUrl: string, fn: (owner: Client) => Promise<T>): Promise<T> {
  return withClient(ownerUrl, fn);
}
