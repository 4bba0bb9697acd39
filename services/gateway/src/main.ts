import 'reflect-metadata';
import { createLogger, failStartup, loadConfig, stopOnSignals } from '@tandem/core';
import { Database, servingUrlOf } from '@tandem/db';
import { closeRedis, connectRedis } from '@tandem/jobs';
import { startGateway } from './gateway';

/**
 * The gateway on its own, as deployed: it needs DATABASE_RUNTIME_URL (or DATABASE_URL to derive
 * it from) and REDIS_URL (migrations run separately, before a rollout). For a laptop, `pnpm start`
 * runs everything with embedded servers.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const url = servingUrlOf(config.database);
  if (!url) throw new Error('DATABASE_RUNTIME_URL (or DATABASE_URL) is required by the standalone gateway (use `pnpm start` for the embedded default)');
  if (!config.redisUrl) throw new Error('REDIS_URL is required by the standalone gateway (use `pnpm start` for the embedded default)');
  const log = createLogger({ level: config.logLevel, service: 'gateway' });
  const db = await Database.connect({
    url,
    applicationName: 'tandem-gateway',
    poolSize: config.database.poolSize,
    preparedStatements: config.database.preparedStatements,
    log,
  });
  const redis = await connectRedis(config.redisUrl, 'producer');
  const gateway = await startGateway({ settings: { ...config, webhooksAllowPrivateNetworks: config.notifications.webhooksAllowPrivateNetworks }, auth: config.auth, db, redis, redisPrefix: config.redisKeyPrefix, log });
  stopOnSignals(log, async () => {
    await gateway.close();
    await db.close();
    await closeRedis(redis);
  });
}

main().catch(failStartup);
