import { ManualClock } from '@tandem/core';
import type { Client } from 'pg';
import { createClinic, gql } from './support/clinic-fixture';
import type { Clinic } from './support/clinic-fixture';
import { superuserOf } from './support/table-digest';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

/**
 * The gateway's HTTP hardening in production mode (docs/security.md, "Transport"): security
 * headers (a looser policy scoped to the queue dashboard's page), CORS from the allowlist only,
 * a deadline on every GraphQL request, and the dashboard's cookie never over plain HTTP. The
 * 10 MB body refusal (413, BAD_REQUEST) is tested in limits.int.test.ts.
 */
const APP_ORIGIN = 'https://app.riverside.example';
const SERVER_INFO = JSON.stringify({ query: '{ serverInfo { version } }' });

describe('HTTP hardening (production mode)', () => {
  const clock = new ManualClock(new Date());
  let app: TestGateway;
  let clinic: Clinic;
  let superuser: Client;

  beforeAll(async () => {
    app = await startTestGateway({ clock, production: true, http: { corsAllowedOrigins: [APP_ORIGIN], requestTimeoutMs: 1_500, trustProxy: 'loopback' } });
    clinic = await createClinic(app, clock, 'http');
    superuser = await superuserOf(app);
  });
  afterAll(async () => {
    await superuser.end();
    await app.stop();
  });

  const post = (headers: Record<string, string> = {}) => fetch(app.gateway.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: SERVER_INFO });

  it('answers the API with strict security headers', async () => {
    const response = await post();
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp.split(';').sort()).toEqual(["base-uri 'none'", "default-src 'none'", "form-action 'none'", "frame-ancestors 'none'"]);
    expect(response.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-powered-by')).toBeNull();
    const probe = await fetch(`${app.gateway.url}/healthz`);
    expect(probe.headers.get('content-security-policy')).toBe(csp);
  });

  it("gives the queue dashboard's page its own policy, scoped to it", async () => {
    const page = await fetch(`${app.gateway.url}/admin/queues`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(page.status).toBe(401);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/);
  });

  it('refuses the dashboard over plain HTTP: its cookie would cross the network in clear', async () => {
    const plain = await fetch(`${app.gateway.url}/admin/queues/session`, { method: 'POST', headers: { authorization: `Bearer ${clinic.admin.accessToken}` } });
    expect([plain.status, plain.headers.get('set-cookie'), ((await plain.json()) as { error: { code: string } }).error.code]).toEqual([403, null, 'HTTPS_REQUIRED']);
  });

  it('answers a CORS preflight from an allowed origin, without credentials', async () => {
    const preflight = await fetch(app.gateway.graphqlUrl, { method: 'OPTIONS', headers: { origin: APP_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET,POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const actual = await post({ origin: APP_ORIGIN });
    expect([actual.status, actual.headers.get('access-control-allow-origin')]).toEqual([200, APP_ORIGIN]);
  });

  it('gives an origin not on the list no CORS headers, so its page cannot read the answer', async () => {
    for (const origin of ['https://evil.example', 'null', `${APP_ORIGIN}.evil.example`]) {
      const preflight = await fetch(app.gateway.graphqlUrl, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      expect((await post({ origin })).headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('answers 503 TIMEOUT when a request outlives REQUEST_TIMEOUT_MS, leaking nothing, and serves on', async () => {
    // Another transaction holds the clinic's members: the query waits on PostgreSQL's lock.
    await superuser.query('BEGIN');
    await superuser.query('LOCK TABLE membership IN ACCESS EXCLUSIVE MODE');
    const started = Date.now();
    let timedOut;
    try {
      timedOut = await gql(app, '{ members(page: { first: 5 }) { count } }', {}, clinic.admin.accessToken);
    } finally {
      await superuser.query('ROLLBACK');
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    expect([timedOut.status, timedOut.body]).toEqual([503, { errors: [{ message: 'The request took longer than the server allows; try again', extensions: { code: 'TIMEOUT' } }] }]);
    const served = await gql(app, '{ members(page: { first: 5 }) { count } }', {}, clinic.admin.accessToken);
    expect(served.body.data?.members.count).toBe(1);
    // Logged with the request's id, as a warning with the limit; nothing of the request itself.
    const logged = app.logs().find((line) => line.msg === 'GraphQL request timed out');
    expect(logged).toEqual(expect.objectContaining({ level: 'warn', timeoutMs: 1_500, requestId: expect.any(String) as unknown }));
  });
});

describe('HTTP hardening outside production', () => {
  let app: TestGateway;

  beforeAll(async () => {
    app = await startTestGateway();
  });
  afterAll(async () => {
    await app.stop();
  });

  it("pins no developer's http://localhost to HTTPS, and lets the dashboard answer over HTTP", async () => {
    const response = await fetch(app.gateway.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: SERVER_INFO });
    expect(response.headers.get('strict-transport-security')).toBeNull();
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const dashboard = await fetch(`${app.gateway.url}/admin/queues`);
    expect(dashboard.status).toBe(401);
  });
});
