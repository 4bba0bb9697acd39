import type { ChildProcess } from 'node:child_process';

/** Resolves once the child prints a line matching `pattern` (on stdout or stderr). */
export function waitForOutput(child: ChildProcess, pattern: RegExp, what: string, onLine: (line: string) => void = () => undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    let ready = false;
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      text.split('\n').filter(Boolean).forEach(onLine);
      if (ready) return;
      output += text;
      if (pattern.test(output)) {
        ready = true;
        resolve();
      }
    };
    // Keep draining both pipes for the child's whole life, or it blocks once a pipe fills.
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!ready) reject(new Error(`${what} exited with code ${String(code)}: ${output.slice(-800)}`));
    });
  });
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Signals the child and waits for it to exit; a child that already exited is left alone. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (hasExited(child)) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** Runs a command to completion, rejecting with its output when it fails. */
export function runToCompletion(child: ChildProcess, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${what} failed (code ${String(code)}): ${output.slice(-800)}`))));
  });
}
