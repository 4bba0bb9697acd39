import type { WorkloadFigures } from './measure';

/**
 * One row's figures from its slices (runs of the same server and workload, taken in turn with the
 * other servers'): counts and times summed, each per-request figure weighted by its slice's
 * requests, p50 the median slice's and p99 the worst slice's (autocannon reports percentiles,
 * not the latencies behind them, so these are bounds rather than the row's own).
 */
export function combineSlices(slices: readonly WorkloadFigures[]): WorkloadFigures {
  if (slices.length === 0) throw new Error('no slices to combine');
  const requests = sum(slices, (f) => f.requests);
  const seconds = sum(slices, (f) => f.seconds);
  const perRequest = (pick: (f: WorkloadFigures) => number) => (requests === 0 ? 0 : sum(slices, (f) => pick(f) * f.requests) / requests);
  const p50s = slices.map((f) => f.p50).sort((a, b) => a - b);
  return {
    requests,
    seconds,
    perSecond: seconds === 0 ? 0 : requests / seconds,
    p50: p50s[Math.floor((p50s.length - 1) / 2)] ?? 0,
    p99: Math.max(...slices.map((f) => f.p99)),
    non2xx: sum(slices, (f) => f.non2xx),
    errors: sum(slices, (f) => f.errors),
    cpuMs: sum(slices, (f) => f.cpuMs),
    statementsPerRequest: perRequest((f) => f.statementsPerRequest),
    serverCpuMsPerRequest: perRequest((f) => f.serverCpuMsPerRequest),
    machineCpuMsPerRequest: perRequest((f) => f.machineCpuMsPerRequest),
    stolenMsPerRequest: perRequest((f) => f.stolenMsPerRequest),
    postgresCpuMsPerRequest: perRequest((f) => f.postgresCpuMsPerRequest),
    loadCpuMsPerRequest: perRequest((f) => f.loadCpuMsPerRequest),
  };
}

const sum = <T>(items: readonly T[], pick: (item: T) => number) => items.reduce((total, item) => total + pick(item), 0);
