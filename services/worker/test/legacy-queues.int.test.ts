import { randomBytes } from 'node:crypto';
import { silentLogger } from '@tandem/core';
import { DEFAULT_JOB_OPTIONS, QueueName, legacyQueuePrefix, queuePrefix } from '@tandem/jobs';
import type { JobPayload, JobProcessor } from '@tandem/jobs';
import { claimRedisDatabase, eventually, testEnv } from '@tandem/testing';
import type { ClaimedDatabase } from '@tandem/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { startWorker } from '../src';

const HOUR = 3_600_000;

/**
 * An old deployment's queues, all under the single-slot `{prefix}`, met by a worker of this
 * version. They are written into a Redis database of their own: the old keys are this test's
 * doing, and the run's key check (which watches the run's database) must not blame the system.
 */
describe('upgrading from the single-slot queue prefix', () => {
  let database: ClaimedDatabase;
  let connection: Redis;
  const namespace = `tandem-test-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    const server = new URL(testEnv('redisUrl'));
    server.pathname = '';
    database = await claimRedisDatabase(server.toString(), `test-${namespace}`);
    connection = new Redis(database.url, { maxRetriesPerRequest: null });
  });

  afterAll(async () => {
    const stale = await connection.keys(`*${namespace}*`);
    if (stale.length > 0) await connection.del(...stale);
    await connection.quit();
    await database.release();
  });

  const oldQueue = (name: QueueName) => new Queue<JobPayload>(name, { connection, prefix: legacyQueuePrefix(namespace) });
  const newQueue = (name: QueueName) => new Queue<JobPayload>(name, { connection, prefix: queuePrefix(namespace, name) });

  it('moves waiting and delayed jobs with their ids and due times, and drops the old schedulers', async () => {
    const oldNotify = oldQueue(QueueName.Notify);
    const oldReminders = oldQueue(QueueName.Reminders);
    await oldNotify.add('event', { tenantId: 't-1', requestId: 'r-1' }, { ...DEFAULT_JOB_OPTIONS, jobId: 'outbox-1' });
    await oldReminders.add('follow-up-reminder', { tenantId: 't-1', requestId: 'r-2' }, { ...DEFAULT_JOB_OPTIONS, jobId: 'reminder-1', delay: 5 * HOUR });
    await oldReminders.upsertJobScheduler('old-sweep', { every: HOUR }, { name: 'sweep', data: { tenantId: 't-1', requestId: 'sweep' } });
    const processed: string[] = [];
    const processor = (queue: QueueName): JobProcessor => ({ queue, concurrency: 1, process: (job) => Promise.resolve(void processed.push(`${queue}/${job.id}`)) });

    const worker = await startWorker({ redisUrl: database.url, processors: () => [processor(QueueName.Notify), processor(QueueName.Reminders)], log: silentLogger(), namespace });
    const notify = newQueue(QueueName.Notify);
    const reminders = newQueue(QueueName.Reminders);
    try {
      await eventually(() => processed.length > 0);
      expect(processed).toEqual([`${QueueName.Notify}/outbox-1`]);
      const reminder = await reminders.getJob('reminder-1');
      expect(await reminder?.getState()).toBe('delayed');
      // Due when it was due before the move (within the test's own running time).
      expect(Math.abs((reminder?.timestamp ?? 0) + (reminder?.delay ?? 0) - (Date.now() + 5 * HOUR))).toBeLessThan(60_000);
      expect(await oldReminders.getJobSchedulersCount()).toBe(0);
      // The old scheduler's own next run is dropped, not moved: the new queue has only the reminder.
      expect((await reminders.getJobs(['wait', 'delayed', 'prioritized'], 0, -1)).map((job) => job.id)).toEqual(['reminder-1']);
      expect(await oldNotify.getJobCounts('wait', 'delayed', 'prioritized')).toEqual({ wait: 0, delayed: 0, prioritized: 0 });
      expect(await oldReminders.getJobCounts('wait', 'delayed', 'prioritized')).toEqual({ wait: 0, delayed: 0, prioritized: 0 });
    } finally {
      await worker.close();
      await Promise.all([oldNotify, oldReminders, notify, reminders].map((q) => q.close()));
    }
  });

  it('loses no job when two workers start together and both move', async () => {
    const oldReminders = oldQueue(QueueName.Reminders);
    for (let i = 0; i < 20; i += 1) await oldReminders.add('follow-up-reminder', { tenantId: 't-1', requestId: `r-${i}` }, { ...DEFAULT_JOB_OPTIONS, jobId: `twice-${i}`, delay: HOUR });
    const idle: JobProcessor = { queue: QueueName.Reminders, concurrency: 1, process: () => Promise.resolve() };
    const workers = await Promise.all([1, 2].map(() => startWorker({ redisUrl: database.url, processors: () => [idle], log: silentLogger(), namespace })));
    const reminders = newQueue(QueueName.Reminders);
    try {
      const moved = (await reminders.getJobs(['delayed'], 0, -1)).filter((job) => job.id?.startsWith('twice-'));
      expect(moved.map((job) => job.id).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `twice-${i}`).sort());
      expect(await oldReminders.getJobCounts('delayed')).toEqual({ delayed: 0 });
    } finally {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([oldReminders.close(), reminders.close()]);
    }
  });
});
