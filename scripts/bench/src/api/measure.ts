import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CannonFigures, CannonJob } from './cannon';

export interface WorkloadFigures extends CannonFigures {
  /** SQL statements sent per completed request. */
  readonly statementsPerRequest: number;
  /** CPU time of this process (the server under test) per request, in ms. */
  readonly serverCpuMsPerRequest: number;
  /** CPU time of the whole machine (server, PostgreSQL, load generator, anything else) per request, in ms. */
  readonly machineCpuMsPerRequest: number;
  /** CPU time of the embedded PostgreSQL cluster per request, in ms (NaN when it is not embedded). */
  readonly postgresCpuMsPerRequest: number;
  /** CPU time of the load generator per request, in ms: the part of the machine's that serves no one. */
  readonly loadCpuMsPerRequest: number;
}

const CANNON = path.join(__dirname, 'cannon.js');

/** Busy CPU time of the machine so far, in ms (from /proc/stat; 0 where there is none). */
export function machineBusyMs(): number {
  try {
    const [cpu] = fs.readFileSync('/proc/stat', 'utf8').split('\n');
    const ticks = (cpu ?? '').trim().split(/\s+/).slice(1).map(Number);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    const total = ticks.slice(0, 8).reduce((sum, t) => sum + t, 0);
    return ((total - idle) * 1000) / 100;
  } catch {
    return 0;
  }
}

/** The load generator, as a child process, against `job.url`. */
export function runCannon(job: CannonJob): Promise<CannonFigures> {
  return new Promise<CannonFigures>((resolve, reject) => {
    const child = spawn(process.execPath, [CANNON], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as CannonFigures) : reject(new Error(`load generator exited with ${code}`))));
    child.stdin.end(JSON.stringify(job));
  });
}

/**
 * Runs the load generator as a child against `job.url`, counting statements with `statements()`
 * and PostgreSQL's CPU time with `postgresCpuMs()` (clusterCpuMs of the embedded cluster).
 */
export async function measure(job: CannonJob, statements: () => number, postgresCpuMs: () => number): Promise<WorkloadFigures> {
  const statementsBefore = statements();
  const cpuBefore = process.cpuUsage();
  const machineBefore = machineBusyMs();
  const postgresBefore = postgresCpuMs();
  const figures = await runCannon(job);
  const cpu = process.cpuUsage(cpuBefore);
  const machine = machineBusyMs() - machineBefore;
  const n = Math.max(figures.requests, 1);
  return {
    ...figures,
    statementsPerRequest: (statements() - statementsBefore) / n,
    serverCpuMsPerRequest: (cpu.user + cpu.system) / 1000 / n,
    machineCpuMsPerRequest: machine / n,
    postgresCpuMsPerRequest: (postgresCpuMs() - postgresBefore) / n,
    loadCpuMsPerRequest: figures.cpuMs / n,
  };
}

/**
 * Waits (up to `maxSeconds`) until the machine's busy share over a 2 s window is under `share`
 * (another process's tests would otherwise be measured too); returns the last share seen.
 */
export async function waitForQuiet(share = 0.15, maxSeconds = 600): Promise<number> {
  const deadline = Date.now() + maxSeconds * 1000;
  const cores = os.cpus().length;
  for (;;) {
    const before = machineBusyMs();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const busy = (machineBusyMs() - before) / (2000 * cores);
    if (busy < share || Date.now() > deadline) return busy;
  }
}

/**
 * CPU time so far of a PostgreSQL cluster — its postmaster (the first line of
 * `<dataDir>/postmaster.pid`) and every backend and helper it forked — in ms, from /proc. Backends
 * that exited count through the postmaster's children's time, which it adds as it reaps them (a
 * pool that closes idle connections between runs made the live backends' sum go backwards).
 * Other clusters on the machine (the developer's own, another test run) are left out. NaN when the
 * cluster is not the embedded one (DATABASE_URL given: no postmaster.pid here).
 */
export function clusterCpuMs(postgresDataDir: string): number {
  const pidFile = path.join(postgresDataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return Number.NaN;
  const postmaster = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  let cpuMs = 0;
  for (const pid of fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    const stat = processStat(pid);
    if (stat && Number(pid) === postmaster) cpuMs += stat.cpuMs + stat.reapedChildrenCpuMs;
    else if (stat?.parent === postmaster) cpuMs += stat.cpuMs;
  }
  return cpuMs;
}

/**
 * A process's parent, its CPU time so far (utime + stime, fields 14 and 15 of /proc/<pid>/stat,
 * in clock ticks of 10 ms) and that of its children it has reaped (cutime + cstime, 16 and 17),
 * or undefined if it has gone.
 */
export function processStat(pid: number | string): { parent: number; cpuMs: number; reapedChildrenCpuMs: number } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name, in parentheses, may hold spaces; the fields after it are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { parent: Number(fields[1]), cpuMs: (Number(fields[11]) + Number(fields[12])) * 10, reapedChildrenCpuMs: (Number(fields[13]) + Number(fields[14])) * 10 };
  } catch {
    return undefined;
  }
}
