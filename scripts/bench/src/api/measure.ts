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
  /** Time the hypervisor gave this machine's cores to other guests while ours had work, per request, in ms (not in the machine's CPU). */
  readonly stolenMsPerRequest: number;
  /** CPU time of the embedded PostgreSQL cluster per request, in ms (NaN when it is not embedded). */
  readonly postgresCpuMsPerRequest: number;
  /** CPU time of the load generator per request, in ms: the part of the machine's that serves no one. */
  readonly loadCpuMsPerRequest: number;
}

const CANNON = path.join(__dirname, 'cannon.js');

/** A process's CPU time (user and system) from `process.cpuUsage`, in ms. */
export const cpuMsOf = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1000;

/** The machine's cores' time in ms: `busy`, running anything; `stolen`, given to other guests (machineCpuMeter). */
export interface MachineCpu {
  readonly busy: number;
  readonly stolen: number;
}

/**
 * Starts counting the machine's CPU time (from /proc/stat; zero where there is none); the
 * function it answers gives what was spent since. `busy` is the time the cores ran anything,
 * `stolen` the time the hypervisor ran other guests on them while ours had work ("steal").
 * Stolen time is not this machine's work, and on these virtual machines it varies by the minute
 * (a third to a half of what the partner sync's rows recorded on one of them), so it is kept out
 * of `busy` and reported beside it; until 2026-12-03 `busy` included it.
 */
export function machineCpuMeter(): () => MachineCpu {
  const start = machineCpuSoFar();
  return () => {
    const now = machineCpuSoFar();
    return { busy: now.busy - start.busy, stolen: now.stolen - start.stolen };
  };
}

/** /proc/stat counts in USER_HZ ticks, 100 a second on Linux. */
const MS_PER_TICK = 10;

function machineCpuSoFar(): MachineCpu {
  try {
    const [cpu] = fs.readFileSync('/proc/stat', 'utf8').split('\n');
    // user nice system idle iowait irq softirq steal (guest time is inside user already)
    const ticks = (cpu ?? '').trim().split(/\s+/).slice(1, 9).map(Number);
    const at = (i: number) => ticks[i] ?? 0;
    return { busy: (at(0) + at(1) + at(2) + at(5) + at(6)) * MS_PER_TICK, stolen: at(7) * MS_PER_TICK };
  } catch {
    return { busy: 0, stolen: 0 };
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
 * and PostgreSQL's CPU time with `postgresCpu` (clusterCpuMeter of the embedded cluster).
 */
export async function measure(job: CannonJob, statements: () => number, postgresCpu: CpuMeter): Promise<WorkloadFigures> {
  const statementsBefore = statements();
  const cpuBefore = process.cpuUsage();
  const machineSpent = machineCpuMeter();
  const postgresSpent = postgresCpu();
  const figures = await runCannon(job);
  const cpu = process.cpuUsage(cpuBefore);
  const machine = machineSpent();
  const n = Math.max(figures.requests, 1);
  return {
    ...figures,
    statementsPerRequest: (statements() - statementsBefore) / n,
    serverCpuMsPerRequest: cpuMsOf(cpu) / n,
    machineCpuMsPerRequest: machine.busy / n,
    stolenMsPerRequest: machine.stolen / n,
    postgresCpuMsPerRequest: postgresSpent() / n,
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
    const spent = machineCpuMeter();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const busy = spent().busy / (2000 * cores);
    if (busy < share || Date.now() > deadline) return busy;
  }
}

/** Starts counting a process group's CPU time; the function it answers gives the ms spent since. */
export type CpuMeter = () => () => number;

/**
 * A meter of a PostgreSQL cluster's CPU time — its postmaster (the first line of
 * `<dataDir>/postmaster.pid`) and every backend and helper it forked — from /proc, process by
 * process: each counts what it added since the start, one started since counts whole, and one
 * that ended since is left out. Summing the live processes at either end instead, a pooled
 * connection that closed in the run (idle since the last row) took its whole earlier CPU time
 * away from the run's, and counting the postmaster's reaped children gave it to whichever run
 * reaped it. Other clusters on the machine (the developer's own, another test run) are left out.
 * NaN when the cluster is not the embedded one (DATABASE_URL given: no postmaster.pid here).
 */
export function clusterCpuMeter(postgresDataDir: string): CpuMeter {
  return () => {
    const before = clusterCpu(postgresDataDir);
    return () => {
      const after = clusterCpu(postgresDataDir);
      if (!before || !after) return Number.NaN;
      let ms = 0;
      for (const [pid, cpuMs] of after) {
        const earlier = before.get(pid) ?? 0;
        // Less than before: another process took a freed pid, and it counts whole.
        ms += cpuMs >= earlier ? cpuMs - earlier : cpuMs;
      }
      return ms;
    };
  };
}

/** The cluster's processes and the CPU time each has used so far, in ms; undefined when it is not embedded. */
function clusterCpu(postgresDataDir: string): Map<number, number> | undefined {
  const pidFile = path.join(postgresDataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return undefined;
  const postmaster = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  const cpu = new Map<number, number>();
  for (const pid of fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    const stat = processStat(pid);
    if (stat && (Number(pid) === postmaster || stat.parent === postmaster)) cpu.set(Number(pid), stat.cpuMs);
  }
  return cpu;
}

/**
 * A process's parent and its CPU time so far (utime + stime, fields 14 and 15 of
 * /proc/<pid>/stat, in clock ticks of 10 ms) with the kernel's part (stime), or undefined if it
 * has gone.
 */
export function processStat(pid: number | string): { parent: number; cpuMs: number; systemMs: number } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name, in parentheses, may hold spaces; the fields after it are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { parent: Number(fields[1]), cpuMs: (Number(fields[11]) + Number(fields[12])) * 10, systemMs: Number(fields[12]) * 10 };
  } catch {
    return undefined;
  }
}
