import fs from 'node:fs/promises';
import path from 'node:path';
import type { DatabaseUrls } from './infrastructure';

/**
 * While `pnpm start` runs on its embedded PostgreSQL (a new port each time), it leaves the
 * database URLs in DATA_DIR/runtime.json (owner-only) so that `pnpm tandem` finds it.
 */
export function runtimeFilePath(dataDir: string): string {
  return path.resolve(dataDir, 'runtime.json');
}

export async function writeRuntimeFile(dataDir: string, urls: DatabaseUrls): Promise<void> {
  await fs.writeFile(runtimeFilePath(dataDir), JSON.stringify(urls), { mode: 0o600 });
}

export async function removeRuntimeFile(dataDir: string): Promise<void> {
  await fs.rm(runtimeFilePath(dataDir), { force: true });
}

export async function readRuntimeFile(dataDir: string): Promise<DatabaseUrls | null> {
  try {
    return JSON.parse(await fs.readFile(runtimeFilePath(dataDir), 'utf8')) as DatabaseUrls;
  } catch {
    return null;
  }
}
