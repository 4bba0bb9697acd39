import { int, ms } from '../api/report';
import type { ScaleFigures } from './split-load';

/** The figures as the Markdown table docs/performance.md records, each row against the first. */
export function scaleReport(rows: readonly { setup: string; figures: ScaleFigures }[], load: readonly number[]): string {
  const base = rows[0]?.figures.perSecond ?? 0;
  return [
    `| setup | requests/s | vs first row | p50 / p99 (ms) | gateway CPU ms / request | machine CPU ms / request | errors |`,
    `|---|---|---|---|---|---|---|`,
    ...rows.map(({ setup, figures: f }) =>
      `| ${setup} | ${int(f.perSecond)} | ${base > 0 ? (f.perSecond / base).toFixed(2) : '–'} × | ${ms(f.p50)} / ${ms(f.p99)} | ${f.gatewayCpuMsPerRequest.toFixed(2)} | ${f.machineCpuMsPerRequest.toFixed(2)} | ${f.errors} of ${int(f.requests)} |`,
    ),
    ``,
    `load average after: ${load.map((l) => l.toFixed(2)).join(', ')}`,
  ].join('\n');
}
