/** One round of one side: CPU per request, in ms, of each process that served it. */
export interface RoundCost {
  /** The server's own process (a gateway, or PostGraphile). */
  readonly server: number;
  /** The part of `server` spent in the kernel (system time). */
  readonly serverSystem: number;
  readonly postgres: number;
  readonly redis: number;
}

export interface Side {
  readonly name: string;
  readonly rounds: readonly RoundCost[];
}

const total = (round: RoundCost) => round.server + round.postgres + round.redis;

/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * How each side's machine CPU per request compares with the first side's: the median of each
 * round's ratio (rounds alternate order, so a round's two figures saw the same machine), and in
 * how many rounds it was lower. The first side's own row compares with nothing.
 */
export function comparedWithFirst(sides: readonly Side[]): { name: string; ratio: number; lowerIn: number; rounds: number }[] {
  const [first, ...others] = sides;
  if (!first) return [];
  return others.map((side) => {
    const paired = side.rounds.slice(0, first.rounds.length).map((round, i) => total(round) / total(first.rounds[i]));
    return { name: side.name, ratio: median(paired), lowerIn: paired.filter((ratio) => ratio < 1).length, rounds: paired.length };
  });
}

/** The table `pnpm bench:api:ab` prints for one workload: medians per process, then each side against the first. */
export function abReport(workload: string, requestsPerRound: number, sides: readonly Side[]): string {
  const ms = (value: number) => value.toFixed(2).padStart(8);
  const rows = sides.map((side) => {
    const of = (pick: (round: RoundCost) => number) => median(side.rounds.map(pick));
    const totals = side.rounds.map(total).map((value) => value.toFixed(2)).join(' ');
    return `  ${side.name.padEnd(24)}${ms(of((r) => r.server))}${ms(of((r) => r.serverSystem))}${ms(of((r) => r.postgres))}${ms(of((r) => r.redis))}${ms(of(total))}   ${totals}`;
  });
  const comparisons = comparedWithFirst(sides).map(
    (row) => `  ${row.name} against ${sides[0]?.name}: ${(row.ratio * 100).toFixed(0)} % of its machine CPU per request (median of the rounds' ratios), lower in ${row.lowerIn} of ${row.rounds} rounds`,
  );
  return [
    `${workload}: CPU per request in ms, medians of ${sides[0]?.rounds.length ?? 0} rounds of ${requestsPerRound} requests`,
    `  ${''.padEnd(24)}  server  kernel  postgres   redis   total   total by round`,
    ...rows,
    ...comparisons,
  ].join('\n');
}
