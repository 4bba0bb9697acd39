import { silentLogger } from '@tandem/core';
import { DEFAULT_JOB_OPTIONS, queuePrefix } from '@tandem/jobs';
import type { JobPayload, JobProcessor } from '@tandem/jobs';
import { createTestRedis } from '@tandem/testing';
import type { TestRedis } from '@tandem/testing';
import { Queue } from 'bullmq';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { startWorker } from '../src';

describe('worker (real Redis, real BullMQ)', () => {
  let redis: TestRedis;

  beforeAll(() => {
    redis = createTestRedis();
  });

  afterAll(async () => {
    await redis.close();
  });


  it('runs a registered processor on a real queue, with retries, and stops cleanly', async () => {
    const seen: { tenantId: string; attempt: number }[] = [];
    let finished: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      finished = resolve;
    });
    const processor: JobProcessor = {
      queue: 'test-worker-selftest',
      concurrency: 1,
      process(job: Job<JobPayload>) {
        seen.push({ tenantId: job.data.tenantId, attempt: job.attemptsMade });
        if (job.attemptsMade === 0) return Promise.reject(new Error('transient'));
        finished();
        return Promise.resolve();
      },
    };
    const worker = await startWorker({ redisUrl: redis.url, processors: () => [processor], log: silentLogger(), namespace: redis.prefix });
    expect(worker.queues).toEqual(['test-worker-selftest']);
    const producer = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    const queue = new Queue<JobPayload>('test-worker-selftest', { connection: producer, prefix: queuePrefix(redis.prefix, 'test-worker-selftest') });
    await queue.add('selftest', { tenantId: 'tenant-1', requestId: 'request-1' }, { ...DEFAULT_JOB_OPTIONS, backoff: { type: 'fixed', delay: 10 } });
    await done;
    expect(seen).toEqual([
      { tenantId: 'tenant-1', attempt: 0 },
      { tenantId: 'tenant-1', attempt: 1 },
    ]);
    await worker.close();
    await queue.close();
    await producer.quit();
  });
});
