import { createLogger, stopOnSignals } from '@tandem/core';
import type { Logger } from '@tandem/core';
import { stopAll } from '@tandem/dev';
import type { Stopper } from '@tandem/dev';

/**
 * Runs a benchmark: `body` with a quiet logger and a list to put what it starts on, then stops
 * everything on the list (also after a failure, and on SIGINT or SIGTERM: a benchmark stopped
 * by its caller used to leave its embedded PostgreSQL and Redis running, and the next one
 * measured a machine they kept busy), and exits with status 1 if anything failed.
 */
export function benchMain(body: (stoppers: Stopper[], log: Logger) => Promise<void>): void {
  const stoppers: Stopper[] = [];
  const log = createLogger({ level: 'warn', service: 'bench' });
  // One stop, whichever asks first: a signal's stop would otherwise race the body's failure (its
  // queries refused by the stopping database), which exits before Redis and the directory go.
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= stopAll(stoppers, log, 30_000));
  stopOnSignals(log, stop);
  body(stoppers, log)
    .finally(stop)
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
