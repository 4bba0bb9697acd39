import { machineCpuMeter, runCannon } from '../api/measure';
import type { BenchRequest } from '../api/workloads';
import type { GatewayProcess } from './gateway-processes';

export interface ScaleFigures {
  readonly requests: number;
  readonly perSecond: number;
  /** The slowest load generator's p50 and p99 (percentiles of two runs do not add up). */
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  /** CPU time of the gateway processes together per request, in ms. */
  readonly gatewayCpuMsPerRequest: number;
  /** CPU time of the whole machine per request, in ms (stolen time left out). */
  readonly machineCpuMsPerRequest: number;
}

/**
 * The load split evenly across `gateways`: one load generator per gateway, each with its share
 * of `connections`, all running at once for `seconds` (clients split across instances, as a
 * load balancer would).
 */
export async function measureAcross(gateways: readonly GatewayProcess[], requests: readonly BenchRequest[], connections: number, seconds: number): Promise<ScaleFigures> {
  const share = Math.max(1, Math.floor(connections / gateways.length));
  const cpuBefore = gateways.map((g) => g.cpuMs());
  const machineSpent = machineCpuMeter();
  const runs = await Promise.all(gateways.map((g) => runCannon({ url: g.graphqlUrl, requests, connections: share, seconds })));
  const gatewayCpu = gateways.reduce((sum, g, i) => sum + g.cpuMs() - (cpuBefore[i] ?? 0), 0);
  const machine = machineSpent().busy;
  const total = runs.reduce((sum, r) => sum + r.requests, 0);
  const n = Math.max(total, 1);
  return {
    requests: total,
    perSecond: runs.reduce((sum, r) => sum + r.perSecond, 0),
    p50: Math.max(...runs.map((r) => r.p50)),
    p99: Math.max(...runs.map((r) => r.p99)),
    errors: runs.reduce((sum, r) => sum + r.non2xx + r.errors, 0),
    gatewayCpuMsPerRequest: gatewayCpu / n,
    machineCpuMsPerRequest: machine / n,
  };
}
