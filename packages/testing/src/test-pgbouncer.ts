import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { ROLES } from '@tandem/db';
import { startPgBouncer } from '@tandem/embedded';
import type { PgBouncer } from '@tandem/embedded';
import { TEST_PASSWORDS } from './env';
import type { TestDatabase } from './test-database';

/** How the runtime role reaches PostgreSQL: straight to the server, or through PgBouncer. */
export type RuntimeRoute = 'direct' | 'pgbouncer';

/** Tests that must hold however the runtime role connects run once per route. */
export const RUNTIME_ROUTES: readonly RuntimeRoute[] = ['direct', 'pgbouncer'];

export interface RuntimeEndpoint {
  readonly route: RuntimeRoute;
  /** The runtime role's URL for this route. */
  readonly url: string;
  /**
   * Whether the runtime role may prepare named statements on this route: Debian 12's PgBouncer
   * (1.18) in transaction mode cannot keep them (1.21+ can, with max_prepared_statements).
   */
  readonly preparedStatements: boolean;
  /** The PgBouncer in between, when there is one. */
  readonly pgbouncer?: PgBouncer;
  close(): Promise<void>;
}

/**
 * The runtime URL of `testDb` by `route`: for 'pgbouncer', a real PgBouncer in transaction
 * pooling mode (started for this test file) in front of the suite's PostgreSQL, with
 * `poolSize` server connections per database.
 */
export async function runtimeEndpoint(testDb: TestDatabase, route: RuntimeRoute, options: { poolSize?: number } = {}): Promise<RuntimeEndpoint> {
  if (route === 'direct') return { route, url: testDb.runtimeUrl, preparedStatements: true, close: () => Promise.resolve() };
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tandem-pgbouncer-'));
  const server = new URL(testDb.adminUrl);
  const pgbouncer = await startPgBouncer({
    dir,
    server: { host: server.hostname, port: Number(server.port || 5432) },
    logins: [{ name: ROLES.app, password: TEST_PASSWORDS.appPassword }],
    poolSize: options.poolSize,
  });
  return {
    route,
    url: pgbouncer.via(testDb.runtimeUrl),
    preparedStatements: false,
    pgbouncer,
    async close() {
      await pgbouncer.stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** One `SHOW …` of PgBouncer's admin console (POOLS, CLIENTS, SERVERS), for tests that look inside. */
export async function showPgBouncer<Row = Record<string, unknown>>(pgbouncer: PgBouncer, what: 'POOLS' | 'CLIENTS' | 'SERVERS'): Promise<Row[]> {
  const admin = new Client({ connectionString: pgbouncer.consoleUrl });
  await admin.connect();
  try {
    return (await admin.query(`SHOW ${what}`)).rows as Row[];
  } finally {
    await admin.end();
  }
}
