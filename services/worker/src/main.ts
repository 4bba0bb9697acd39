import 'reflect-metadata';
import { createLogger, failStartup, loadConfig, stopOnSignals, systemClock } from '@tandem/core';
import { Database, servingUrlOf } from '@tandem/db';
import { processorsFor } from './processors';
import { startWorker } from './worker';

/** The worker on its own, as deployed. For a laptop, `pnpm start` runs it with the gateway. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.redisUrl) throw new Error('REDIS_URL is required by the standalone worker (use `pnpm start` for the embedded default)');
  const url = servingUrlOf(config.database);
  if (!url) throw new Error('DATABASE_RUNTIME_URL (or DATABASE_URL) is required by the standalone worker (use `pnpm start` for the embedded default)');
  const log = createLogger({ level: config.logLevel, service: 'worker' });
  const db = await Database.connect({ url, applicationName: 'tandem-worker', poolSize: config.database.poolSize, preparedStatements: config.database.preparedStatements, log });
  const worker = await startWorker({ redisUrl: config.redisUrl, processors: processorsFor({ db, clock: systemClock, notifications: config.notifications, encryptionKey: config.auth.encryptionKey, log }), log, relayFrom: db, namespace: config.redisKeyPrefix, lockDurationMs: config.jobLockDurationMs });
  stopOnSignals(log, async () => {
    await worker.close();
    await db.close();
  });
}

main().catch(failStartup);
