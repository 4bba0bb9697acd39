import 'reflect-metadata';
import { createLogger, failStartup, loadConfig, stopOnSignals } from '@tandem/core';
import { PROCESSORS } from './processors';
import { startWorker } from './worker';

/** The worker on its own, as deployed. For a laptop, `pnpm start` runs it with the gateway. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.redisUrl) throw new Error('REDIS_URL is required by the standalone worker (use `pnpm start` for the embedded default)');
  const log = createLogger({ level: config.logLevel, service: 'worker' });
  const worker = await startWorker({ redisUrl: config.redisUrl, processors: PROCESSORS, log });
  stopOnSignals(log, () => worker.close());
}

main().catch(failStartup);
