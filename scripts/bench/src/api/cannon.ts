import autocannon from 'autocannon';
import { cpuMsOf } from './measure';
import type { BenchRequest } from './workloads';

/**
 * The load generator, as its own process so that the serving process's CPU time is the
 * server's alone: autocannon at `connections` for `seconds`, each request the next of
 * `requests` (rotating). Reads its job as JSON on stdin, writes its figures as JSON on stdout.
 */
export interface CannonJob {
  readonly url: string;
  readonly requests: readonly BenchRequest[];
  readonly connections: number;
  readonly seconds: number;
}

export interface CannonFigures {
  readonly requests: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly seconds: number;
  /** The load generator's own CPU time over the run (its HTTP client and parsing), in ms. */
  readonly cpuMs: number;
}

async function main(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  const job = JSON.parse(input) as CannonJob;
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.seconds,
    method: 'POST',
    requests: [
      {
        setupRequest(request) {
          const chosen = job.requests[next % job.requests.length];
          next += 1;
          const headers: Record<string, string> = { 'content-type': 'application/json', ...chosen?.headers };
          if (chosen?.authorization) headers.authorization = chosen.authorization;
          return { ...request, method: 'POST', headers, body: chosen?.body ?? '{}' };
        },
      },
    ],
  });
  const seconds = (result.finish.getTime() - result.start.getTime()) / 1000;
  const figures: CannonFigures = {
    requests: result.requests.total,
    perSecond: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    seconds,
    cpuMs: cpuMsOf(process.cpuUsage(cpuBefore)),
  };
  process.stdout.write(JSON.stringify(figures));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
