import type { Logger } from './logger';

// Ctrl-C reaches us once from the terminal and once more from a wrapper that forwards it
// (pnpm, timeout); only a signal sent after this grace means "stop waiting".
const DUPLICATE_SIGNAL_GRACE_MS = 2_000;

/**
 * SIGINT/SIGTERM run `stop` once (drain, then close pools) and exit 0, or 1 if stopping failed.
 * A later signal while stopping exits at once. Used by every process entry point.
 */
export function stopOnSignals(log: Logger, stop: () => Promise<void>): void {
  let stoppingSince: number | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stoppingSince !== null) {
      if (Date.now() - stoppingSince < DUPLICATE_SIGNAL_GRACE_MS) return;
      log.warn({ signal }, 'another signal while stopping: exiting now');
      process.exit(1);
    }
    stoppingSince = Date.now();
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
