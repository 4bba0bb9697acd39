import type { Logger } from './logger';

/**
 * SIGINT/SIGTERM run `stop` once (drain, then close pools) and exit 0, or 1 if stopping failed.
 * A second signal while stopping exits at once. Used by every process entry point.
 */
export function stopOnSignals(log: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal while stopping: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/**
 * A process that cannot start says why in one line on stderr and exits non-zero. Known start-up
 * errors (bad configuration, no Redis, an unsafe database role) carry their own advice.
 */
export function failStartup(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`tandem: cannot start: ${message}`);
  process.exit(1);
}
