import { parse } from 'node:url';
import { HeaderMap } from '@apollo/server';
import type { ApolloServer, HTTPGraphQLResponse } from '@apollo/server';
import type { Logger } from '@tandem/core';
import type { Request, RequestHandler, Response } from 'express';
import type { GatewayContext } from './context';

export const TIMEOUT_CODE = 'TIMEOUT';

/**
 * Apollo over Express (what @as-integrations/express5 does) with a deadline: a request not
 * answered within `timeoutMs` gets 503 with code TIMEOUT, and whatever it was still doing is
 * answered to no one. The message names no operation, variable or statement. A mutation cut off
 * this way may still finish: clients retry creations with their idempotency key.
 */
export function graphqlHandler(apollo: ApolloServer<GatewayContext>, options: { timeoutMs: number; context: (req: Request) => Promise<GatewayContext> }): RequestHandler {
  return async (req, res) => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
    });
    try {
      const answer = await Promise.race([apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: requestOf(req), context: () => options.context(req) }), deadline]);
      if (answer === 'timeout') {
        // The request's own logger: the line carries its request id, and nothing of its body.
        (req.log as Logger).warn({ timeoutMs: options.timeoutMs }, 'GraphQL request timed out');
        res.status(503).json({ errors: [{ message: 'The request took longer than the server allows; try again', extensions: { code: TIMEOUT_CODE } }] });
        return;
      }
      await send(answer, res);
    } finally {
      clearTimeout(timer);
    }
  };
}

function requestOf(req: Request) {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return { method: req.method.toUpperCase(), headers, search: parse(req.url).search ?? '', body: req.body as unknown };
}

/**
 * The answer as Apollo rendered it. A complete one goes out with `end`, not Express's `send`,
 * which would copy it into a Buffer and hash the copy for an ETag: a GraphQL answer is not
 * revalidated (a read is audited whether or not its answer is sent again), and the hash was
 * 0.2–0.4 % of the gateway's CPU on the partner sync, whose answer is 40 kB.
 */
async function send(answer: HTTPGraphQLResponse, res: Response): Promise<void> {
  for (const [key, value] of answer.headers) res.setHeader(key, value);
  res.statusCode = answer.status ?? 200;
  if (answer.body.kind === 'complete') {
    res.setHeader('content-length', Buffer.byteLength(answer.body.string));
    res.end(answer.body.string);
    return;
  }
  for await (const chunk of answer.body.asyncIterator) res.write(chunk);
  res.end();
}
