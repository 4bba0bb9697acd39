import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Accounts } from '@tandem/accounts';
import { AppError } from '@tandem/core';
import type { Queue } from 'bullmq';
import { Router } from 'express';
import type { NextFunction, Request, Response } from 'express';
import { bearerTokenOf } from './context';

export const DASHBOARD_PATH = '/admin/queues';
const COOKIE = 'tandem_queues';
// As long as an access token lives: the cookie never outlasts the credential it carries.
const COOKIE_MS = 15 * 60 * 1_000;

export interface DashboardDeps {
  readonly queues: readonly Queue[];
  readonly authenticator: Pick<Accounts['authenticator'], 'authenticate'>;
  readonly production: boolean;
}

/**
 * Bull Board for Tandem's operators (platform admins). The queues are shared by every clinic, so
 * no clinic role opens it. Every request is authenticated again (a revoked session stops at
 * once), by `Authorization: Bearer` or by the cookie that `POST /admin/queues/session` sets from
 * that header, because a browser sends no Authorization header on the board's own fetches.
 * The cookie is HttpOnly, SameSite=Strict and scoped to this path; it holds the access token
 * itself, so it is worth nothing once the session is revoked or the token expires.
 * In production the cookie never crosses plain HTTP: TLS terminates in front of the gateway,
 * which believes the proxy's X-Forwarded-Proto only as TRUST_PROXY says (docs/security.md); a
 * request that is not HTTPS is refused before any cookie is set or read.
 */
export function queueDashboard(deps: DashboardDeps): Router {
  const board = new ExpressAdapter().setBasePath(DASHBOARD_PATH);
  createBullBoard({
    // Read-only: operators look; retries follow each queue's policy (attempts, backoff) and
    // failed jobs are kept for inspection. A retry, promotion or removal by hand could redeliver
    // or drop a clinic's notification behind its clinicians' backs, with no audit trail.
    queues: deps.queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Tandem queues' } },
  });
  const router = Router();
  router.use((req, res, next) => {
    if (deps.production && !req.secure) refuse(res, 403, 'The queue dashboard needs HTTPS (see TRUST_PROXY)', 'HTTPS_REQUIRED');
    else next();
  });
  router.post('/session', async (req, res) => {
    // Only the header may open a session: a cookie cannot renew itself.
    const token = bearerOf(req.headers.authorization);
    if (token === undefined) {
      refuse(res, 401, 'Authorization: Bearer <token> required');
      return;
    }
    if (!(await admitOperator(token, deps, res))) return;
    res.cookie(COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: deps.production, path: DASHBOARD_PATH, maxAge: COOKIE_MS });
    res.status(204).end();
  });
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    const token = header === undefined ? cookieOf(req.headers.cookie, COOKIE) : bearerOf(header);
    if (token === undefined) {
      refuse(res, 401, 'Sign in as a Tandem operator');
      return;
    }
    if (!(await admitOperator(token, deps, res))) return;
    res.set('Cache-Control', 'no-store');
    // Belt and braces with readOnlyMode: nothing here may change a queue.
    if (req.method !== 'GET' && req.method !== 'HEAD') refuse(res, 405, 'The queue dashboard is read-only');
    else next();
  });
  router.use(board.getRouter() as Router);
  return router;
}

/** True when the token belongs to a live operator session; otherwise answers 401 or 403. */
async function admitOperator(token: string, deps: DashboardDeps, res: Response): Promise<boolean> {
  let principal;
  try {
    principal = await deps.authenticator.authenticate(token);
  } catch (error) {
    if (error instanceof AppError && error.code === 'UNAUTHENTICATED') return refuse(res, 401, error.message);
    throw error;
  }
  if (principal.kind !== 'user' || !principal.platformAdmin) return refuse(res, 403, 'The queue dashboard is for Tandem operators');
  if (!principal.mfaSatisfied) return refuse(res, 403, 'Complete multi-factor authentication first');
  return true;
}

function bearerOf(header: string | undefined): string | undefined {
  try {
    return header === undefined ? undefined : bearerTokenOf(header);
  } catch {
    return undefined;
  }
}

function refuse(res: Response, status: 401 | 403 | 405, message: string, code?: string): false {
  if (status === 401) res.set('WWW-Authenticate', 'Bearer');
  res.status(status).json({ error: { code: code ?? ({ 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 405: 'METHOD_NOT_ALLOWED' } as const)[status], message } });
  return false;
}

function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const pair of header?.split(';') ?? []) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) {
      try {
        return decodeURIComponent(pair.slice(at + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
