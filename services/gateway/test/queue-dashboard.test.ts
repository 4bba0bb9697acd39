import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PartnerPrincipal, UserPrincipal } from '@tandem/core';
import { clinician } from '@tandem/testing';
import express from 'express';
import { DASHBOARD_PATH, queueDashboard } from '../src/queue-dashboard';

/** The dashboard's guard on its own, with a stand-in authenticator: who it admits, and the cookie. */
describe('queue dashboard guard', () => {
  let principal: UserPrincipal | PartnerPrincipal;
  let server: http.Server;
  let url: string;

  beforeAll(async () => {
    const app = express();
    // As deployed: TLS ends at a proxy in front, which says so in X-Forwarded-Proto.
    app.set('trust proxy', 'loopback');
    app.use(DASHBOARD_PATH, queueDashboard({ queues: [], authenticator: { authenticate: () => Promise.resolve(principal) }, production: true }));
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${DASHBOARD_PATH}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const operator = (overrides: Partial<UserPrincipal> = {}): UserPrincipal => ({ ...clinician({ id: 'tenant-1' }, ['STAFF']), platformAdmin: true, ...overrides });
  const headers = { authorization: 'Bearer token-of-some-length', 'x-forwarded-proto': 'https' };

  it('refuses plain HTTP in production before reading or setting a cookie', async () => {
    principal = operator();
    const plain = { authorization: headers.authorization, cookie: 'tandem_queues=token-of-some-length' };
    for (const [path, method] of [['/session', 'POST'], ['/api/queues', 'GET']] as const) {
      const response = await fetch(`${url}${path}`, { method, headers: plain });
      expect([response.status, response.headers.get('set-cookie'), await response.json()]).toEqual([403, null, { error: { code: 'HTTPS_REQUIRED', message: expect.stringMatching(/HTTPS/) as unknown } }]);
    }
  });

  it('marks the session cookie Secure in production', async () => {
    principal = operator();
    const response = await fetch(`${url}/session`, { method: 'POST', headers });
    expect(response.status).toBe(204);
    expect(response.headers.get('set-cookie')?.split('; ')).toEqual(expect.arrayContaining(['Secure', 'HttpOnly', 'SameSite=Strict', `Path=${DASHBOARD_PATH}`]));
  });

  it.each([
    ['an operator who has not completed MFA', () => operator({ mfaSatisfied: false })],
    ['a partner API key', (): PartnerPrincipal => ({ kind: 'partner', apiKeyId: 'key-1', tenantId: 'tenant-1', scopes: ['tenant:read'] })],
    ['a clinic admin', () => ({ ...operator(), platformAdmin: false, roles: ['ADMIN' as const] })],
  ])('refuses %s (403), and gives no cookie', async (_label, make) => {
    principal = make();
    expect((await fetch(`${url}/api/queues`, { headers })).status).toBe(403);
    const session = await fetch(`${url}/session`, { method: 'POST', headers });
    expect([session.status, session.headers.get('set-cookie')]).toEqual([403, null]);
  });
});
