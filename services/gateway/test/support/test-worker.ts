import { Writable } from 'node:stream';
import { createLogger, loadConfig } from '@tandem/core';
import type { Clock } from '@tandem/core';
import type { Database } from '@tandem/db';
import { QueueName, queuePrefix } from '@tandem/jobs';
import { processorsFor, startWorker } from '@tandem/worker';
import type { RunningWorker } from '@tandem/worker';
import { Queue } from 'bullmq';
import { TEST_AUTH } from './test-gateway';
import type { TestGateway } from './test-gateway';

export interface TestWorker {
  readonly worker: RunningWorker;
  /** The reminders queue, to inspect (and promote) delayed jobs. */
  readonly reminders: Queue;
  /** Every JSON log line the worker wrote, parsed. */
  logs(): Record<string, unknown>[];
  stop(): Promise<void>;
}

/**
 * The real worker in-process, on the gateway's database and Redis prefix, relaying the outbox;
 * e-mail goes to `smtpUrl` when given. The clock is the test's, so due times are controllable.
 */
export async function startTestWorker(app: TestGateway, options: { clock: Clock; smtpUrl?: string; webhooksAllowPrivateNetworks?: boolean }): Promise<TestWorker> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const log = createLogger({ level: 'info', service: 'worker', destination: sink });
  const db: Database = await app.testDb.connect({ log });
  const notifications = { ...loadConfig({}).notifications, smtpUrl: options.smtpUrl, webhooksAllowPrivateNetworks: options.webhooksAllowPrivateNetworks ?? false };
  const worker = await startWorker({ redisUrl: app.redis.url, processors: processorsFor({ db, clock: options.clock, notifications, log, encryptionKey: TEST_AUTH.encryptionKey }), log, namespace: app.redis.prefix, relayFrom: db });
  const reminders = new Queue(QueueName.Reminders, { connection: app.redis.connect(), prefix: queuePrefix(app.redis.prefix, QueueName.Reminders) });
  return {
    worker,
    reminders,
    logs: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    async stop() {
      await reminders.close();
      await worker.close();
      await db.close();
    },
  };
}

