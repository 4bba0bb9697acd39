import { measure, waitForQuiet } from './measure';
import type { CpuMeter, WorkloadFigures } from './measure';
import { combineSlices } from './slices';
import type { BenchRequest, WorkloadName } from './workloads';

/** A server of a workload's rows, and what must hold while it is measured. */
export interface Contender {
  readonly server: string;
  readonly url: string;
  readonly requests: readonly BenchRequest[];
  readonly statements: () => number;
  /** Runs a turn in the state this row needs (audit rows discarded); none by default. */
  readonly around?: (run: () => Promise<WorkloadFigures>) => Promise<WorkloadFigures>;
}

export interface Turns {
  readonly connections: number;
  /** The row's seconds, shared among its turns. */
  readonly seconds: number;
  readonly slices: number;
  readonly postgresCpu: CpuMeter;
}

/**
 * A row per contender, each measured in `slices` turns of `seconds / slices`, the contenders taking
 * turns after a 3 s warm-up each. This kind of machine drifts by a quarter over minutes; one
 * server's whole row after the other's measured the drift as often as the servers, and turns
 * spread it over both.
 */
export async function takeTurns(workload: WorkloadName, contenders: readonly Contender[], turns: Turns): Promise<{ server: string; figures: WorkloadFigures }[]> {
  const run = (contender: Contender, seconds: number) => {
    const once = () => measure({ url: contender.url, requests: contender.requests, connections: turns.connections, seconds }, contender.statements, turns.postgresCpu);
    return contender.around ? contender.around(once) : once();
  };
  for (const contender of contenders) await run(contender, 3);
  const quiet = await waitForQuiet(0.15, 300);
  console.log(
    `${contenders.map((c) => c.server).join(' / ')}, ${workload}: ${turns.connections} connections, ${turns.slices} turns of ${turns.seconds / turns.slices} s each (machine ${(quiet * 100).toFixed(0)} % busy before) ...`,
  );
  const slices = contenders.map(() => [] as WorkloadFigures[]);
  for (let turn = 0; turn < turns.slices; turn++) {
    for (const [i, contender] of contenders.entries()) slices[i]?.push(await run(contender, turns.seconds / turns.slices));
  }
  return contenders.map((contender, i) => ({ server: contender.server, figures: combineSlices(slices[i] ?? []) }));
}
