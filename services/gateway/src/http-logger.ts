import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@tandem/core';
import { pinoHttp } from 'pino-http';
import { requestIdOf } from './request-id';

const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * One JSON line per request plus every line a resolver logs through `req.log`, each carrying
 * the request id. Only the method and the path are logged: no query string, no headers, no body
 * (GraphQL variables can hold PHI).
 */
export function httpLogger(log: Logger) {
  return pinoHttp({
    logger: log,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const id = requestIdOf(req);
      res.setHeader('x-request-id', id);
      return id;
    },
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage) => ({ method: req.method, path: pathOf(req.url) }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    autoLogging: { ignore: (req) => PROBES.has(pathOf(req.url)) },
  });
}

function pathOf(url: string | undefined): string {
  return (url ?? '').split('?')[0] ?? '';
}
