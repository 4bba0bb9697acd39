import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '@tandem/embedded';
import { testEnv } from './env';
import { findPgClientTools, serverMajorVersion } from './pg-client-tools';
import type { PgClientTools } from './pg-client-tools';

/** A PostgreSQL cluster that this machine's pg_dump can dump, with those tools. */
export interface BackupCluster {
  /** A superuser URL of the cluster. */
  readonly adminUrl: string;
  readonly tools: PgClientTools;
  /** True when the run's own server was too new and a cluster of the tools' version was started. */
  readonly ownCluster: boolean;
  stop(): Promise<void>;
}

/**
 * The run's server when the newest pg_dump here is at least its major version (the machine's
 * PostgreSQL through TEST_DATABASE_URL, with its own client). Otherwise (the embedded server is
 * PostgreSQL 18, whose npm package ships no pg_dump, and Debian 12 packages only client 15), a
 * cluster started from the installed server of the tools' own version, in a scratch directory.
 */
export async function clusterForBackup(): Promise<BackupCluster> {
  const tools = findPgClientTools();
  if (!tools) throw new Error('No pg_dump/pg_restore found (PG_BINDIR, /usr/lib/postgresql/N/bin, PATH): install postgresql-client');
  const runAdminUrl = testEnv('adminUrl');
  const serverMajor = await serverMajorVersion(runAdminUrl);
  if (tools.major >= serverMajor) return { adminUrl: runAdminUrl, tools, ownCluster: false, stop: () => Promise.resolve() };
  const server = path.join(tools.binDir, 'postgres');
  if (!(await fs.stat(server).catch(() => null))) {
    throw new Error(`The test server is PostgreSQL ${serverMajor} and the newest pg_dump here is ${tools.major}, with no server of that version beside it to test on (${server}): set TEST_DATABASE_URL, or install postgresql-${tools.major} or a pg_dump >= ${serverMajor} (PG_BINDIR)`);
  }
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'tandem-backup-'));
  await fs.chmod(scratch, 0o755);
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(scratch, 'postgres'), binDir: tools.binDir });
  return {
    adminUrl: postgres.adminUrl,
    tools,
    ownCluster: true,
    async stop() {
      await postgres.stop();
      await fs.rm(scratch, { recursive: true, force: true });
    },
  };
}
