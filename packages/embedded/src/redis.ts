import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { stopChild, waitForOutput } from './child-process';
import { freePort } from './ports';
import { findProgram } from './programs';

export class RedisNotInstalledError extends Error {
  constructor() {
    super(
      'Tandem needs Redis for its job queues and rate limits, and no REDIS_URL was given, so it tried to ' +
        'start a private redis-server, but there is no `redis-server` on your PATH. Either install Redis ' +
        '(Debian/Ubuntu: `sudo apt-get install redis-server`; macOS: `brew install redis`) and run the ' +
        'command again, or point Tandem at a Redis you already run: `REDIS_URL=redis://127.0.0.1:6379 pnpm start`.',
    );
    this.name = 'RedisNotInstalledError';
  }
}

export interface PrivateRedis {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** The first executable `redis-server` on the search path, or null. */
export function findRedisServer(searchPath = process.env.PATH ?? ''): string | null {
  return findProgram('redis-server', searchPath);
}

/**
 * Starts a private redis-server from PATH on a free loopback port, keeping nothing on disk:
 * Redis holds only rebuildable state (queues are re-fed from the PostgreSQL outbox).
 */
export async function startPrivateRedis(options: { dir: string; port?: number; searchPath?: string }): Promise<PrivateRedis> {
  const binary = findRedisServer(options.searchPath);
  if (!binary) throw new RedisNotInstalledError();
  const dir = path.resolve(options.dir);
  await fs.mkdir(dir, { recursive: true });
  const port = options.port ?? (await freePort());
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await waitForOutput(child, /Ready to accept connections/, `redis-server on port ${port}`);
  return { url: `redis://127.0.0.1:${port}`, port, stop: () => stopChild(child) };
}
