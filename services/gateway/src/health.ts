import type { Request, Response } from 'express';

export interface Dependency {
  readonly name: string;
  ping(): Promise<unknown>;
}

const PING_TIMEOUT_MS = 2_000;

/**
 * `/healthz`: the process is up. `/readyz`: PostgreSQL and Redis answer right now and we are
 * not shutting down. Readiness is checked on every call, so it recovers on its own when a
 * dependency comes back.
 */
export function healthRoutes(dependencies: readonly Dependency[], isDraining: () => boolean) {
  return {
    healthz: (_req: Request, res: Response): void => {
      res.json({ status: 'up' });
    },
    readyz: async (_req: Request, res: Response): Promise<void> => {
      if (isDraining()) {
        res.status(503).json({ status: 'shutting-down' });
        return;
      }
      const results = await Promise.all(dependencies.map(async (d) => [d.name, await check(d)] as const));
      const checks = Object.fromEntries(results);
      const ready = results.every(([, state]) => state === 'up');
      res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready', checks });
    },
  };
}

async function check(dependency: Dependency): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), PING_TIMEOUT_MS);
  });
  try {
    await Promise.race([dependency.ping(), timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}
