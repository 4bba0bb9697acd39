import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock, newId } from '@tandem/core';
import { writeOutbox } from '@tandem/jobs';
import { eventually } from '@tandem/testing';
import { codeOf, createClinic, fieldOf, gql } from './support/clinic-fixture';
import type { Clinic } from './support/clinic-fixture';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';
import { startTestWorker } from './support/test-worker';

/**
 * Partner webhooks through GraphQL: registration (input rules and the SSRF rule), what partners and
 * admins see, switching endpoints off and on, rotating secrets. Retries, signatures and disabling
 * are tested in services/worker/test/webhooks.int.test.ts; here the real worker delivers one event
 * so that there are attempts to read.
 */
const REGISTER = 'mutation R($input: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $input) { secret endpoint { id url eventTypes status } } }';
const LIST = '{ webhookEndpoints(page: { first: 50 }) { count edges { node { id status disabledReason } } } }';
const ATTEMPTS = 'query A($id: ID!) { webhookAttempts(endpointId: $id, page: { first: 10 }) { count edges { node { attempt statusCode error webhookId eventType durationMs } } } }';

async function keyFor(app: TestGateway, clinic: Clinic, scopes: string[]): Promise<string> {
  const created = await gql(app, 'mutation K($s: [String!]!) { createApiKey(input: { label: "partner", scopes: $s }) { secret } }', { s: scopes }, clinic.admin.accessToken);
  return created.body.data?.createApiKey.secret as string;
}

describe('partner webhooks (GraphQL)', () => {
  const clock = new ManualClock(new Date());
  let app: TestGateway;
  let production: TestGateway;

  beforeAll(async () => {
    app = await startTestGateway({ clock, webhooksAllowPrivateNetworks: true });
    production = await startTestGateway({ clock, production: true });
  });

  afterAll(async () => {
    await app.stop();
    await production.stop();
  });

  it('registers an endpoint for a webhooks:manage key and shows its whsec_ secret once', async () => {
    const clinic = await createClinic(app, clock, 'hooks');
    const key = await keyFor(app, clinic, ['webhooks:manage']);
    const registered = await gql(app, REGISTER, { input: { url: 'http://127.0.0.1:9/hook', eventTypes: ['follow_up.created', 'follow_up.closed', 'follow_up.created'] } }, key);
    expect(registered.body.errors).toBeUndefined();
    const { secret, endpoint } = registered.body.data?.registerWebhookEndpoint;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(endpoint).toMatchObject({ url: 'http://127.0.0.1:9/hook', eventTypes: ['follow_up.created', 'follow_up.closed'], status: 'ACTIVE' });
    const types = await gql(app, '{ webhookEventTypes }', {}, key);
    expect(types.body.data?.webhookEventTypes).toEqual(['follow_up.created', 'follow_up.rescheduled', 'follow_up.closed', 'session.completed']);
    // The secret is sealed at rest, never stored as given.
    const [row] = await app.db.withTenant({ tenantId: clinic.id }, (m) => m.query<{ secret_sealed: string }[]>(`SELECT secret_sealed FROM webhook_endpoint`));
    expect(row?.secret_sealed).not.toContain(secret.slice(6, 20));
    const rotated = await gql(app, 'mutation R($id: ID!) { rotateWebhookSecret(id: $id) { secret } }', { id: endpoint.id }, key);
    expect(rotated.body.data?.rotateWebhookSecret.secret).toMatch(/^whsec_/);
    expect(rotated.body.data?.rotateWebhookSecret.secret).not.toBe(secret);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const clinic = await createClinic(production, clock, 'bad-hooks');
    const key = await keyFor(production, clinic, ['webhooks:manage']);
    const cases: [Record<string, unknown>, string][] = [
      [{ url: 'http://hooks.example.com/x', eventTypes: ['follow_up.created'] }, 'url'],
      [{ url: 'https://user:secret@hooks.example.com/x', eventTypes: ['follow_up.created'] }, 'url'],
      [{ url: `https://hooks.example.com/${'a'.repeat(2100)}`, eventTypes: ['follow_up.created'] }, 'url'],
      [{ url: 'not a url', eventTypes: ['follow_up.created'] }, 'url'],
      [{ url: 'https://hooks.example.com/x', eventTypes: [] }, 'eventTypes'],
      [{ url: 'https://hooks.example.com/x', eventTypes: ['note.mentioned'] }, 'eventTypes'],
      [{ url: 'https://hooks.example.com/x', eventTypes: ['safety.signal_opened'] }, 'eventTypes'],
    ];
    for (const [input, field] of cases) {
      const response = await gql(production, REGISTER, { input }, key);
      expect([codeOf(response), fieldOf(response)]).toEqual(['BAD_USER_INPUT', field]);
    }
    expect((await gql(production, LIST, {}, key)).body.data?.webhookEndpoints.count).toBe(0);
  });

  it('refuses loopback, private, link-local and metadata addresses in production (SSRF)', async () => {
    const clinic = await createClinic(production, clock, 'ssrf');
    const key = await keyFor(production, clinic, ['webhooks:manage']);
    for (const url of ['https://127.0.0.1/x', 'https://localhost/x', 'https://10.1.2.3/x', 'https://192.168.0.10/x', 'https://172.20.0.1/x', 'https://169.254.169.254/latest/meta-data', 'https://[::1]/x', 'https://[::ffff:127.0.0.1]/x', 'https://[fd00::1]/x', 'https://100.64.0.1/x', 'https://0.0.0.0/x']) {
      const response = await gql(production, REGISTER, { input: { url, eventTypes: ['session.completed'] } }, key);
      expect([url, codeOf(response), fieldOf(response)]).toEqual([url, 'BAD_USER_INPUT', 'url']);
    }
    expect((await gql(production, LIST, {}, key)).body.data?.webhookEndpoints.count).toBe(0);
    // The explicit test setting (refused by the configuration in production) is what admits them.
    const other = await createClinic(app, clock, 'ssrf-test');
    const testKey = await keyFor(app, other, ['webhooks:manage']);
    expect(codeOf(await gql(app, REGISTER, { input: { url: 'https://127.0.0.1/x', eventTypes: ['session.completed'] } }, testKey))).toBeUndefined();
  });

  it('allows at most 20 endpoints per clinic', async () => {
    const clinic = await createClinic(app, clock, 'many-hooks');
    const key = await keyFor(app, clinic, ['webhooks:manage']);
    for (let i = 0; i < 20; i += 1) {
      expect(codeOf(await gql(app, REGISTER, { input: { url: `http://127.0.0.1:9/hook/${i}`, eventTypes: ['session.completed'] } }, key))).toBeUndefined();
    }
    const refused = await gql(app, REGISTER, { input: { url: 'http://127.0.0.1:9/one-more', eventTypes: ['session.completed'] } }, key);
    expect([codeOf(refused), fieldOf(refused)]).toEqual(['BAD_USER_INPUT', 'url']);
    expect((await gql(app, LIST, {}, key)).body.data?.webhookEndpoints.count).toBe(20);
  });

  it("shows the clinic admin every attempt; a key without webhooks:manage is refused; another clinic's endpoint does not exist", async () => {
    const clinic = await createClinic(app, clock, 'attempts');
    const key = await keyFor(app, clinic, ['webhooks:manage']);
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.statusCode = 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const { endpoint } = (await gql(app, REGISTER, { input: { url, eventTypes: ['session.completed'] } }, key)).body.data?.registerWebhookEndpoint;
      // One event, as a completed session writes it, delivered by the real worker.
      const worker = await startTestWorker(app, { clock, webhooksAllowPrivateNetworks: true });
      try {
        await app.db.withTenant({ tenantId: clinic.id }, (m) => writeOutbox(m, { tenantId: clinic.id, topic: 'session.completed', payload: { sessionId: newId(), caseId: newId(), kind: 'DOSING' } }));
        await eventually(async () => (await gql(app, ATTEMPTS, { id: endpoint.id }, clinic.admin.accessToken)).body.data?.webhookAttempts.count === 1);
      } finally {
        await worker.stop();
      }
      const seenByAdmin = await gql(app, ATTEMPTS, { id: endpoint.id }, clinic.admin.accessToken);
      expect(seenByAdmin.body.data?.webhookAttempts).toMatchObject({ count: 1, edges: [{ node: { attempt: 1, statusCode: 200, error: null, webhookId: expect.any(String), eventType: 'session.completed' } }] });
      expect((await gql(app, ATTEMPTS, { id: endpoint.id }, key)).body.data?.webhookAttempts.count).toBe(1);
      expect(codeOf(await gql(app, ATTEMPTS, { id: endpoint.id }, await keyFor(app, clinic, ['tenant:read', 'cases:read'])))).toBe('FORBIDDEN');
      const elsewhere = await createClinic(app, clock, 'elsewhere');
      expect(codeOf(await gql(app, ATTEMPTS, { id: endpoint.id }, elsewhere.admin.accessToken))).toBe('NOT_FOUND');
      expect(codeOf(await gql(app, 'mutation D($id: ID!) { disableWebhookEndpoint(id: $id) { id } }', { id: endpoint.id }, await keyFor(app, elsewhere, ['webhooks:manage'])))).toBe('NOT_FOUND');

      // The admin switches it off and on again.
      const off = await gql(app, 'mutation D($id: ID!) { disableWebhookEndpoint(id: $id) { status disabledReason disabledAt } }', { id: endpoint.id }, clinic.admin.accessToken);
      expect(off.body.data?.disableWebhookEndpoint).toMatchObject({ status: 'DISABLED', disabledReason: 'BY_REQUEST' });
      const on = await gql(app, 'mutation E($id: ID!) { enableWebhookEndpoint(id: $id) { status disabledReason disabledAt } }', { id: endpoint.id }, clinic.admin.accessToken);
      expect(on.body.data?.enableWebhookEndpoint).toEqual({ status: 'ACTIVE', disabledReason: null, disabledAt: null });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
