import { percentile } from './figures';

export interface SendFigures {
  readonly seconds: number;
  readonly perSecond: number;
  readonly failures: number;
  /** The first failure's message, to say why. */
  readonly firstFailure: string | null;
  readonly mutationP50: number;
  readonly mutationP99: number;
}

/**
 * Starts `count` operations at `rate` per second, open-loop (a slow answer does not slow the
 * arrivals, as with real clients), and waits for all of them.
 */
export async function sendAtRate(count: number, rate: number, operation: (i: number) => Promise<void>): Promise<SendFigures> {
  const started = Date.now();
  const durations: number[] = [];
  let failures = 0;
  let firstFailure: string | null = null;
  const running: Promise<void>[] = [];
  for (let i = 0; i < count; i += 1) {
    const due = started + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const t0 = performance.now();
    running.push(
      operation(i).then(
        () => void durations.push(performance.now() - t0),
        (error: unknown) => {
          failures += 1;
          firstFailure ??= (error as Error).message.slice(0, 300);
        },
      ),
    );
  }
  await Promise.all(running);
  const seconds = (Date.now() - started) / 1000;
  durations.sort((a, b) => a - b);
  return { seconds, perSecond: count / seconds, failures, firstFailure, mutationP50: percentile(durations, 0.5), mutationP99: percentile(durations, 0.99) };
}
