import { randomBytes } from 'node:crypto';
import { silentLogger } from '@tandem/core';
import type { Logger } from '@tandem/core';
import { Database, dropDatabase, migrate, provisionDatabase, withCredentials } from '@tandem/db';
import { TEST_PASSWORDS, testEnv } from './env';

export interface TestDatabase {
  readonly name: string;
  readonly ownerUrl: string;
  readonly runtimeUrl: string;
  /** A superuser URL for the whole cluster (for tests that inspect or break things). */
  readonly adminUrl: string;
  /** The same superuser, connected to this database (to read what the runtime role may not, or to tamper). */
  readonly superuserUrl: string;
  /** The runtime Database (role tandem_app, under RLS), at runtimeUrl unless `url` says otherwise (PgBouncer). */
  connect(options?: { poolSize?: number; log?: Logger; url?: string; preparedStatements?: boolean }): Promise<Database>;
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Another cluster's superuser URL (it has no template: the database is migrated here). */
  readonly adminUrl?: string;
  /** Provisioned (roles, grants) but without tables: what a restore starts from. */
  readonly empty?: boolean;
}

/**
 * A fresh, migrated database for one test file, copied from the run's template; on another
 * cluster, migrated on the spot; `empty`, not migrated at all.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const adminUrl = options.adminUrl ?? testEnv('adminUrl');
  const name = `tandem_test_${randomBytes(6).toString('hex')}`;
  const fromTemplate = !options.adminUrl && !options.empty;
  const urls = await provisionDatabase({ adminUrl, database: name, template: fromTemplate ? testEnv('template') : undefined, ...TEST_PASSWORDS });
  if (!fromTemplate && !options.empty) await migrate(urls.ownerUrl, silentLogger());
  const opened: Database[] = [];
  return {
    name,
    adminUrl,
    superuserUrl: withCredentials(adminUrl, { database: name }),
    ...urls,
    async connect(options = {}) {
      const db = await Database.connect({
        url: options.url ?? urls.runtimeUrl,
        applicationName: 'tandem-test',
        poolSize: options.poolSize ?? 4,
        preparedStatements: options.preparedStatements ?? true,
        log: options.log ?? silentLogger(),
      });
      opened.push(db);
      return db;
    },
    async drop() {
      await Promise.all(opened.map((db) => db.close()));
      await dropDatabase(adminUrl, name);
    },
  };
}
