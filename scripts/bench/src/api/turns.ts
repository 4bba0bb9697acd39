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
  /** Upkeep its turn leaves (vacuuming the rows it wrote), done at once and charged to it. */
  readonly afterTurn?: () => Promise<void>;
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
 * spread it over both. A contender's upkeep (`afterTurn`) runs right after each of its turns,
 * its PostgreSQL CPU charged to that contender's PostgreSQL and machine CPU per request: left to
 * autovacuum, the vacuuming of Tandem's audit rows ran in whichever turn it started, and
 * PostGraphile's PostgreSQL CPU per partner sync went from 3.9–4.8 to 5.9–8.3 ms.
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
  const upkeep = contenders.map(() => 0);
  for (let turn = 0; turn < turns.slices; turn++) {
    for (const [i, contender] of contenders.entries()) {
      slices[i]?.push(await run(contender, turns.seconds / turns.slices));
      if (!contender.afterTurn) continue;
      const spent = turns.postgresCpu();
      await contender.afterTurn();
      upkeep[i] = (upkeep[i] ?? 0) + spent();
    }
  }
  return contenders.map((contender, i) => {
    const figures = combineSlices(slices[i] ?? []);
    const perRequest = figures.requests === 0 ? 0 : (upkeep[i] ?? 0) / figures.requests;
    if (contender.afterTurn) console.log(`${contender.server}, ${workload}: upkeep after its turns, ${perRequest.toFixed(2)} ms of PostgreSQL CPU per request`);
    const charged = { postgresCpuMsPerRequest: figures.postgresCpuMsPerRequest + perRequest, machineCpuMsPerRequest: figures.machineCpuMsPerRequest + perRequest };
    return { server: contender.server, figures: { ...figures, ...charged } };
  });
}
