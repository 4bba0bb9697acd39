import { createLogger } from '@tandem/core';
import type { Logger } from '@tandem/core';
import { stopAll } from '@tandem/dev';
import type { Stopper } from '@tandem/dev';

/**
 * Runs a benchmark: `body` with a quiet logger and a list to put what it starts on, then stops
 * everything on the list (also after a failure), and exits with status 1 if anything failed.
 */
export function benchMain(body: (stoppers: Stopper[], log: Logger) => Promise<void>): void {
  const stoppers: Stopper[] = [];
  const log = createLogger({ level: 'warn', service: 'bench' });
  body(stoppers, log)
    .finally(() => stopAll(stoppers, log, 30_000))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
