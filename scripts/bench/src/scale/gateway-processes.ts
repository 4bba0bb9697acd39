import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '@tandem/embedded';
import { processStat } from '../api/measure';

/** A gateway running as its own process, as deployed (`services/gateway/dist/main.js`). */
export interface GatewayProcess {
  readonly graphqlUrl: string;
  /** CPU time the process has used so far, in ms (from /proc; 0 where there is none). */
  cpuMs(): number;
  /** The part of cpuMs spent in the kernel (system time). */
  systemMs(): number;
  stop(): Promise<void>;
}

const MAIN = path.join(path.dirname(require.resolve('@tandem/gateway')), 'main.js');

/**
 * Starts the built gateway with `env` (its database, Redis and limits) on a free port and waits
 * until `/readyz` answers 200: PostgreSQL and Redis reachable through the URLs it was given.
 * `main`: another build's entry point (`pnpm bench:api:ab` runs a base checkout's beside this one).
 */
export async function startGatewayProcess(env: Record<string, string>, main = MAIN): Promise<GatewayProcess> {
  const port = await freePort();
  // As deployed (infra/docker/gateway.Dockerfile): the same young-generation size.
  const child = spawn(process.execPath, ['--max-semi-space-size=32', main], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, HOST: '127.0.0.1', PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  await untilReady(child, `${base}/readyz`);
  return servingProcess(child, `${base}/graphql`);
}

/** A started server's child process as a GatewayProcess: its CPU from /proc (0 once it has gone), stopped by SIGTERM. */
export function servingProcess(child: ChildProcess, graphqlUrl: string): GatewayProcess {
  const stat = () => (child.pid === undefined ? undefined : processStat(child.pid));
  return { graphqlUrl, cpuMs: () => stat()?.cpuMs ?? 0, systemMs: () => stat()?.systemMs ?? 0, stop: () => stopProcess(child) };
}

async function untilReady(child: ChildProcess, url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the gateway process exited with ${child.exitCode} before it was ready`);
    const ready = await fetch(url).then((r) => r.ok, () => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGTERM');
  throw new Error(`the gateway at ${url} was not ready in 60 s`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
