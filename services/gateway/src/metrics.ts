import type { NextFunction, Request, Response } from 'express';
import type { Queue } from 'bullmq';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DASHBOARD_PATH } from './queue-dashboard';
import { registerQueueMetrics } from './queue-metrics';
import { registerBacklogMetrics } from './backlog-metrics';
import type { Backlogs } from './backlog-metrics';

/**
 * Prometheus metrics. Labels are bounded and PHI-free: a fixed set of routes, the method and
 * the status class; never a path parameter, an operation name chosen by a client, or an id.
 */
const KNOWN_ROUTES = new Set(['/graphql', '/healthz', '/readyz', '/metrics']);

export interface GatewayMetrics {
  readonly registry: Registry;
  readonly middleware: (req: Request, res: Response, next: NextFunction) => void;
}

export function createMetrics(queues: readonly Queue[] = [], backlogs?: () => Promise<Backlogs>, readAppends?: () => Readonly<Record<string, number>>): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tandem_' });
  registerQueueMetrics(registry, queues);
  if (backlogs) registerBacklogMetrics(registry, backlogs);
  if (readAppends) registerReadAppendMetrics(registry, readAppends);
  const requests = new Counter({
    name: 'tandem_http_requests_total',
    help: 'HTTP requests served, by route, method and status class',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'tandem_http_request_duration_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return {
    registry,
    middleware: (req, res, next) => {
      const route = routeOf(req.path);
      const stop = duration.startTimer({ route });
      res.on('finish', () => {
        stop();
        requests.inc({ route, method: req.method, status: `${Math.floor(res.statusCode / 100)}xx` });
      });
      next();
    },
  };
}

/**
 * How query requests appended their read audit events (packages/db/src/group-commit.ts), read from
 * the database's counts at scrape time: `carried` against `own` shows how much group commit
 * saves; `alone` counts carriers' INSERTs that failed and were retried request by request.
 */
function registerReadAppendMetrics(registry: Registry, readAppends: () => Readonly<Record<string, number>>): void {
  const counted: Record<string, number> = {};
  new Counter({
    name: 'tandem_audit_read_appends_total',
    help: 'Query requests that appended read audit events, by how: own, carrier, carried, alone, full',
    labelNames: ['how'] as const,
    registers: [registry],
    collect() {
      for (const [how, total] of Object.entries(readAppends())) {
        this.inc({ how }, total - (counted[how] ?? 0));
        counted[how] = total;
      }
    },
  });
}

function routeOf(path: string): string {
  if (KNOWN_ROUTES.has(path)) return path;
  // The dashboard's pages, assets and API calls: one route, whatever queue or job they name.
  return path === DASHBOARD_PATH || path.startsWith(`${DASHBOARD_PATH}/`) ? DASHBOARD_PATH : 'other';
}
