import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { stopChild, waitForOutput } from './child-process';
import { freePort } from './ports';
import { ensurePostgresUser } from './postgres-binaries';
import { findProgram } from './programs';

export class PgBouncerNotInstalledError extends Error {
  constructor() {
    super(
      'No `pgbouncer` on PATH or in /usr/sbin. Install it (Debian/Ubuntu: `sudo apt-get install pgbouncer`; ' +
        'macOS: `brew install pgbouncer`); `.ci/run` does so on CI machines.',
    );
    this.name = 'PgBouncerNotInstalledError';
  }
}

/** A login PgBouncer accepts from clients and uses at the server. */
export interface PgBouncerLogin {
  readonly name: string;
  readonly password: string;
}

export interface PgBouncerOptions {
  /** Where its configuration and user list are written (created; private to the run). */
  readonly dir: string;
  /** The PostgreSQL server it pools for. */
  readonly server: { readonly host: string; readonly port: number };
  readonly logins: readonly PgBouncerLogin[];
  /** Server connections per database and user (`default_pool_size`); default 10. */
  readonly poolSize?: number;
  readonly port?: number;
  /** Where to look for the program; default PATH, then /usr/sbin. */
  readonly searchPath?: string;
  readonly onLog?: (line: string) => void;
}

export interface PgBouncer {
  readonly port: number;
  /** The same PostgreSQL URL (user, password, database) pointed at PgBouncer instead. */
  via(url: string): string;
  /** Its admin console (`SHOW POOLS`, `SHOW SERVERS`, …) as a stats-only user. */
  readonly consoleUrl: string;
  stop(): Promise<void>;
}

const STATS_USER = 'tandem_pgbouncer_stats';

/**
 * Starts a real PgBouncer (Debian's `pgbouncer`) in transaction pooling mode on a free loopback
 * port, in front of one PostgreSQL server: every database name a client asks for is passed
 * through (`* =`), so per-test databases need no configuration. Logins use SCRAM both ways, so
 * the same configuration works for a SCRAM server (the embedded one) and a trust server.
 */
export async function startPgBouncer(options: PgBouncerOptions): Promise<PgBouncer> {
  // Debian installs it in /usr/sbin, which is not on every user's PATH.
  const binary = findProgram('pgbouncer', options.searchPath ?? `${process.env.PATH ?? ''}${path.delimiter}/usr/sbin`);
  if (!binary) throw new PgBouncerNotInstalledError();
  const dir = path.resolve(options.dir);
  const port = options.port ?? (await freePort());
  const stats = { name: STATS_USER, password: randomBytes(12).toString('hex') };
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const userList = path.join(dir, 'userlist.txt');
  const config = path.join(dir, 'pgbouncer.ini');
  await fs.writeFile(userList, [...options.logins, stats].map(userListLine).join(''), { mode: 0o600 });
  await fs.writeFile(config, configuration({ ...options, port, userList }), { mode: 0o600 });
  // PgBouncer refuses to run as root; as root it switches to the postgres user (-u).
  const runAs = process.getuid?.() === 0 ? ensurePostgresUser() : undefined;
  if (runAs) for (const file of [dir, userList, config]) await fs.chown(file, runAs.uid, runAs.gid);
  const child = spawn(binary, [...(runAs ? ['-u', 'postgres'] : []), config], { stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  try {
    await waitForOutput(child, /process up/, `pgbouncer on port ${port}`, options.onLog);
  } catch (error) {
    process.removeListener('exit', killOnExit);
    throw error;
  }
  return {
    port,
    via: (url) => pointedAt(url, port),
    consoleUrl: `postgres://${stats.name}:${stats.password}@127.0.0.1:${port}/pgbouncer`,
    async stop() {
      process.removeListener('exit', killOnExit);
      await stopChild(child);
    },
  };
}

function userListLine(login: PgBouncerLogin): string {
  const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
  return `${quote(login.name)} ${quote(login.password)}\n`;
}

/**
 * No `ignore_startup_parameters`: a client that sends `options` or `statement_timeout` at
 * start-up is refused here as it would be in production, so tests catch it.
 */
function configuration(options: PgBouncerOptions & { port: number; userList: string }): string {
  return `[databases]
* = host=${options.server.host} port=${options.server.port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${options.port}
unix_socket_dir =
pool_mode = transaction
auth_type = scram-sha-256
auth_file = ${options.userList}
stats_users = ${STATS_USER}
default_pool_size = ${options.poolSize ?? 10}
max_client_conn = 500
; A client waiting this long for a server connection gets an error instead of hanging a test.
query_wait_timeout = 20
`;
}

function pointedAt(url: string, port: number): string {
  const next = new URL(url);
  next.hostname = '127.0.0.1';
  next.port = String(port);
  return next.toString();
}
