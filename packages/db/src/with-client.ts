import { Client } from 'pg';

/**
 * Runs `work` on a connection of its own to `url` (outside any pool: provisioning, migrations'
 * checks, an owner's or a superuser's statements in tools and tests), closed afterwards whatever
 * happens.
 */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>, applicationName?: string): Promise<T> {
  const client = new Client({ connectionString: url, ...(applicationName ? { application_name: applicationName } : {}) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
