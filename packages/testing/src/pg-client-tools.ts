import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { withClient } from '@tandem/db';

/** A pg_dump and the pg_restore beside it, with their major version. */
export interface PgClientTools {
  readonly binDir: string;
  readonly pgDump: string;
  readonly pgRestore: string;
  readonly major: number;
}

// Debian and Ubuntu keep each installed major version's programs here; /usr/bin/pg_dump is
// pg_wrapper, which picks one by cluster, so the versioned directories are asked directly.
const DEBIAN_BIN_DIRS = '/usr/lib/postgresql';

/**
 * The newest pg_dump on this machine: in PG_BINDIR when set, else in Debian's versioned
 * directories or on the PATH. pg_dump refuses a server of a newer major version than its own
 * ("server version mismatch"), so the newest is the one most servers can be dumped with.
 */
export function findPgClientTools(): PgClientTools | null {
  const found = candidateDirs()
    .map(toolsIn)
    .filter((tools): tools is PgClientTools => tools !== null)
    .sort((a, b) => b.major - a.major);
  return found[0] ?? null;
}

function candidateDirs(): string[] {
  if (process.env.PG_BINDIR) return [process.env.PG_BINDIR];
  const versioned = fs.existsSync(DEBIAN_BIN_DIRS) ? fs.readdirSync(DEBIAN_BIN_DIRS).map((version) => path.join(DEBIAN_BIN_DIRS, version, 'bin')) : [];
  return [...versioned, ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean)];
}

function toolsIn(binDir: string): PgClientTools | null {
  const pgDump = path.join(binDir, 'pg_dump');
  const pgRestore = path.join(binDir, 'pg_restore');
  if (!fs.existsSync(pgDump) || !fs.existsSync(pgRestore)) return null;
  // "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"
  const version = /\(PostgreSQL\) (\d+)/.exec(spawnSync(pgDump, ['--version'], { encoding: 'utf8' }).stdout ?? '');
  return version?.[1] ? { binDir, pgDump, pgRestore, major: Number(version[1]) } : null;
}

/** The major version of the server behind `url`. */
export async function serverMajorVersion(url: string): Promise<number> {
  const { rows } = await withClient(url, (client) => client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v"));
  return Math.floor(Number(rows[0]?.v) / 10_000);
}

export interface ToolRun {
  readonly code: number;
  readonly stderr: string;
}

/** Runs one of the tools; resolves with its exit code and what it wrote to stderr. */
export async function runPgTool(program: string, args: readonly string[]): Promise<ToolRun> {
  try {
    const { stderr } = await promisify(execFile)(program, args, { maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stderr };
  } catch (error) {
    const failed = error as { code?: number; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, stderr: failed.stderr ?? String(error) };
  }
}
