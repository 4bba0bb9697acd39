import type { Queue } from 'bullmq';
import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';

/**
 * The states reported per queue. BullMQ keeps jobs that have a priority out of `waiting`, so
 * `prioritized` is reported too; `completed` is bounded by removeOnComplete.
 */
export const QUEUE_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed'] as const;

type Counts = Record<string, number>;

/**
 * `tandem_queue_jobs{queue, state}` and `tandem_queue_up{queue}`, read from Redis at scrape time.
 * Labels are the queue name and the state: bounded, never a job id or anything from a payload.
 * A queue whose counts do not arrive within `timeoutMs` reports up 0 and no job counts, and the
 * rest of /metrics is served as usual.
 */
export function registerQueueMetrics(registry: Registry, queues: readonly Queue[], timeoutMs = 1_000): void {
  // Both gauges are collected in parallel within one scrape: they share one read of Redis.
  let reading: Promise<Map<string, Counts | null>> | undefined;
  const read = () => (reading ??= readAll(queues, timeoutMs).finally(() => (reading = undefined)));

  new Gauge({
    name: 'tandem_queue_jobs',
    help: 'Jobs in each BullMQ queue by state, read at scrape time',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      const snapshot = await read();
      this.reset();
      for (const [queue, counts] of snapshot) {
        if (!counts) continue;
        for (const state of QUEUE_STATES) this.set({ queue, state }, counts[state] ?? 0);
      }
    },
  });
  new Gauge({
    name: 'tandem_queue_up',
    help: '1 when the queue counts were read from Redis in this scrape, 0 when Redis failed or was too slow',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      for (const [queue, counts] of await read()) this.set({ queue }, counts ? 1 : 0);
    },
  });
}

async function readAll(queues: readonly Queue[], timeoutMs: number): Promise<Map<string, Counts | null>> {
  const entries = await Promise.all(
    queues.map(async (queue) => {
      try {
        return [queue.name, await within(queue.getJobCounts(...QUEUE_STATES), timeoutMs)] as const;
      } catch {
        return [queue.name, null] as const;
      }
    }),
  );
  return new Map(entries);
}

export async function within<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
