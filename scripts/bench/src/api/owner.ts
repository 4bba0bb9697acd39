import { Client } from 'pg';

/** Runs `fn` on a connection of the benchmark database's owner, closed afterwards whatever happens. */
export async function asOwner<T>(ownerUrl: string, fn: (owner: Client) => Promise<T>): Promise<T> {
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    return await fn(owner);
  } finally {
    await owner.end();
  }
}
