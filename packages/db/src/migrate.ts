import type { Logger } from '@tandem/core';
import { createDataSource } from './data-source';
import { ROLES } from './roles';
import { withClient } from './with-client';

export class DatabaseNotProvisionedError extends Error {
  constructor(missing: readonly string[]) {
    super(
      `The database server lacks Tandem's roles (${missing.join(', ')}). Create them once with a superuser: ` +
        '`pnpm tandem db provision --admin-url postgres://SUPERUSER@HOST/postgres`, or start Tandem without ' +
        'DATABASE_URL to use the embedded PostgreSQL.',
    );
    this.name = 'DatabaseNotProvisionedError';
  }
}

/** Runs pending schema migrations as the owner role, each in its own transaction. */
export async function migrate(ownerUrl: string, log: Logger): Promise<string[]> {
  await assertProvisioned(ownerUrl);
  const dataSource = createDataSource({ url: ownerUrl, applicationName: 'tandem-migrate', poolSize: 1 });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    const names = applied.map((m) => m.name);
    if (names.length > 0) log.info({ migrations: names }, 'applied schema migrations');
    return names;
  } finally {
    await dataSource.destroy();
  }
}

async function assertProvisioned(ownerUrl: string): Promise<void> {
  const wanted = [ROLES.runtime, ROLES.system, ROLES.app];
  const { rows } = await withClient(ownerUrl, (client) => client.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname = ANY($1)', [wanted]));
  const present = new Set(rows.map((r) => r.rolname));
  const missing = wanted.filter((role) => !present.has(role));
  if (missing.length > 0) throw new DatabaseNotProvisionedError(missing);
}
