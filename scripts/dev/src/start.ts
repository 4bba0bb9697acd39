import 'reflect-metadata';
import { createLogger, failStartup, loadConfig, stopOnSignals, systemClock } from '@tandem/core';
import { Database, migrate } from '@tandem/db';
import { startGateway } from '@tandem/gateway';
import { closeRedis, connectRedis } from '@tandem/jobs';
import { processorsFor, startWorker } from '@tandem/worker';
import { databaseFor, redisFor, stopAll } from './infrastructure';
import type { Stopper } from './infrastructure';
import { removeRuntimeFile, writeRuntimeFile } from './runtime-file';

/**
 * `pnpm start`: gateway and worker in one process, on the given PostgreSQL and Redis or on
 * embedded ones. Runs migrations first. Ctrl-C drains requests and jobs, then stops the servers
 * it started, in reverse order.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel, service: 'tandem' });
  const stoppers: Stopper[] = [];
  try {
    // Redis first: a machine without redis-server learns so before anything else is started.
    const redisUrl = await redisFor(config, log, stoppers);
    const urls = await databaseFor(config, log, stoppers);
    if (!config.database.ownerUrl) {
      await writeRuntimeFile(config.dataDir, urls);
      stoppers.push(() => removeRuntimeFile(config.dataDir));
    }
    await migrate(urls.ownerUrl, log);
    const db = await Database.connect({ url: urls.runtimeUrl, applicationName: 'tandem', poolSize: config.database.poolSize, preparedStatements: config.database.preparedStatements, log });
    stoppers.push(() => db.close());
    const redis = await connectRedis(redisUrl, 'producer');
    stoppers.push(() => closeRedis(redis));
    const worker = await startWorker({ redisUrl, processors: processorsFor({ db, clock: systemClock, notifications: config.notifications, encryptionKey: config.auth.encryptionKey, log }), log, relayFrom: db, namespace: config.redisKeyPrefix, lockDurationMs: config.jobLockDurationMs });
    stoppers.push(() => worker.close());
    const gateway = await startGateway({ settings: { ...config, webhooksAllowPrivateNetworks: config.notifications.webhooksAllowPrivateNetworks }, auth: config.auth, db, redis, redisPrefix: config.redisKeyPrefix, log });
    stoppers.push(() => gateway.close());
    console.log(`\nTandem is running. GraphQL: ${gateway.graphqlUrl}  (Ctrl-C to stop)\n`);
    stopOnSignals(log, () => stopAll(stoppers, log, config.shutdownTimeoutMs));
  } catch (error) {
    await stopAll(stoppers, log, config.shutdownTimeoutMs);
    throw error;
  }
}

main().catch(failStartup);
