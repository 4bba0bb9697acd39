import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

/** A child process whose output lines a test can wait for. */
export interface ChildHandle {
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything it wrote so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves with the first output line matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (null when killed by a signal). */
  exited(timeoutMs?: number): Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Signals the child's whole process group (needs processGroup: true), like Ctrl-C in a terminal. */
  interruptGroup(): Promise<number | null>;
}

export interface ProcessOptions {
  /** Own process group, so that a test can signal the group as a terminal's Ctrl-C does. */
  readonly processGroup?: boolean;
}

export function startProcess(command: string, args: readonly string[], env: NodeJS.ProcessEnv, options: ProcessOptions = {}): ChildHandle {
  const child = spawn(command, args, { env, stdio: 'pipe', detached: options.processGroup ?? false });
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    listeners.forEach((notify) => notify());
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const withTimeout = <T>(promise: Promise<T>, ms: number, what: string) =>
    Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}; output:\n${text}`)), ms).unref())]);
  return {
    child,
    output: () => text,
    waitFor(pattern, timeoutMs = 30_000) {
      const found = new Promise<string>((resolve, reject) => {
        const check = () => {
          const line = text.split('\n').find((l) => pattern.test(l));
          if (line !== undefined) {
            listeners.delete(check);
            resolve(line);
          }
        };
        listeners.add(check);
        void exit.then((code) => reject(new Error(`process exited (${String(code)}) before printing ${String(pattern)}; output:\n${text}`)));
        check();
      });
      return withTimeout(found, timeoutMs, String(pattern));
    },
    exited: (timeoutMs = 30_000) => withTimeout(exit, timeoutMs, 'exit'),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return withTimeout(exit, 30_000, 'exit');
    },
    async interruptGroup() {
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGINT');
      return withTimeout(exit, 30_000, 'exit');
    },
  };
}

/** Runs a node entry point of the built workspace with exactly the given environment. */
export function startNode(entry: string, env: Record<string, string | undefined>, options: ProcessOptions = {}): ChildHandle {
  return startProcess(process.execPath, [entry], { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, options);
}

/** A PostgreSQL server in its own process, stoppable and restartable on the same data dir and port. */
export async function startPostgresProcess(dataDir: string, port: number): Promise<ChildHandle & { adminUrl: string }> {
  const script = path.join(__dirname, '..', 'bin', 'postgres-server.mjs');
  const handle = startProcess(process.execPath, [script, dataDir, String(port)], { PATH: process.env.PATH });
  const line = await handle.waitFor(/"adminUrl"/);
  return Object.assign(handle, { adminUrl: (JSON.parse(line) as { adminUrl: string }).adminUrl });
}
