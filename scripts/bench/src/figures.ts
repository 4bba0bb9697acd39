import type { SendFigures } from './load';

/** The value below which `q` of the sorted values fall (nearest rank). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
}

export interface NotificationFigures {
  readonly mutation: string;
  readonly count: number;
  readonly rate: number;
  readonly sent: SendFigures;
  readonly delivered: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Commit to relayed (the relay's share of the latency). */
  readonly relayP50: number;
  readonly relayP99: number;
  readonly producedPerSecond: number;
  readonly relayPerSecond: number;
  readonly deliveryPerSecond: number;
}

const ms = (n: number) => `${n.toFixed(0)} ms`;
const perSecond = (n: number) => `${n.toFixed(0)}/s`;

/** The figures as the Markdown table docs/performance.md records. */
export function report(f: NotificationFigures): string {
  return [
    `| figure | value |`,
    `|---|---|`,
    `| notifications produced by \`${f.mutation}\` mutations | ${f.count} (target ${f.rate} notifications/s; ${f.sent.failures} failed${f.sent.firstFailure ? `: ${f.sent.firstFailure}` : ''}) |`,
    `| mutations completed | ${perSecond(f.sent.perSecond)} over ${f.sent.seconds.toFixed(1)} s; HTTP p50 ${ms(f.sent.mutationP50)}, p99 ${ms(f.sent.mutationP99)} |`,
    `| notifications committed (outbox rows × recipients) | ${perSecond(f.producedPerSecond)} |`,
    `| notifications relayed to BullMQ | ${perSecond(f.relayPerSecond)} |`,
    `| delivered to the inbox | ${f.delivered} at ${perSecond(f.deliveryPerSecond)} |`,
    `| commit-to-inbox latency | p50 ${ms(f.p50)}, p99 ${ms(f.p99)}, max ${ms(f.max)} |`,
    `| of which commit-to-relay | p50 ${ms(f.relayP50)}, p99 ${ms(f.relayP99)} |`,
  ].join('\n');
}
