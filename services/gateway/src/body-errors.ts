import type { ErrorRequestHandler } from 'express';

/**
 * express.json's refusals (a body over the limit: 413; JSON that does not parse: 400) answered as
 * GraphQL errors with code BAD_REQUEST, instead of Express's HTML page. Nothing ran.
 */
export const graphqlBodyErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  const status = (error as { status?: unknown } | null)?.status;
  if (status !== 400 && status !== 413 && status !== 415) {
    next(error);
    return;
  }
  const message = status === 413 ? 'Request body too large' : status === 415 ? 'Unsupported body encoding' : 'Request body is not valid JSON';
  res.status(status).json({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
};
