import { readFileSync } from 'node:fs';
import path from 'node:path';
import { graphql } from '@tandem/testing';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

const SERVER_INFO = '{ serverInfo { version time } }';
const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };

describe('gateway over HTTP (real PostgreSQL and Redis)', () => {
  let app: TestGateway;

  beforeAll(async () => {
    app = await startTestGateway();
  });

  afterAll(async () => {
    await app.stop();
  });

  it('answers serverInfo with the version and the server time', async () => {
    const before = Date.now();
    const { status, body } = await graphql<{ serverInfo: { version: string; time: string } }>(app.gateway.graphqlUrl, { query: SERVER_INFO });
    expect(status).toBe(200);
    expect(body.data?.serverInfo.version).toBe(manifest.version);
    const time = Date.parse(body.data?.serverInfo.time ?? '');
    expect(time).toBeGreaterThanOrEqual(before - 1_000);
    expect(time).toBeLessThanOrEqual(Date.now() + 1_000);
  });

  it('reports liveness, readiness of PostgreSQL and Redis, and Prometheus metrics', async () => {
    const healthz = await fetch(`${app.gateway.url}/healthz`);
    expect([healthz.status, await healthz.json()]).toEqual([200, { status: 'up' }]);
    const readyz = await fetch(`${app.gateway.url}/readyz`);
    expect([readyz.status, await readyz.json()]).toEqual([200, { status: 'ready', checks: { postgres: 'up', redis: 'up' } }]);
    const metrics = await fetch(`${app.gateway.url}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await metrics.text()).toMatch(/tandem_http_requests_total\{route="\/graphql",method="POST",status="2xx"\} \d+/);
  });

  it('gives every response a request id, keeping a plain caller id and replacing a hostile one', async () => {
    const own = await graphql(app.gateway.graphqlUrl, { query: SERVER_INFO, headers: { 'x-request-id': 'partner-req-12345' } });
    expect(own.headers.get('x-request-id')).toBe('partner-req-12345');
    const hostile = await graphql(app.gateway.graphqlUrl, { query: SERVER_INFO, headers: { 'x-request-id': '"}{"level":"fatal","msg":"forged"}' } });
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
  });

  it('logs JSON lines that carry the request id and never the variables', async () => {
    await graphql(app.gateway.graphqlUrl, {
      query: 'query Info($patient: String) { serverInfo { version } }',
      variables: { patient: 'Jane Q. Patient' },
      headers: { 'x-request-id': 'log-check-0001' },
    });
    const lines = app.logs().filter((line) => line.requestId === 'log-check-0001');
    // The variable is unused, so the request is refused (400): still one line, still no variables.
    expect(lines).toEqual([expect.objectContaining({ msg: 'request completed', req: { method: 'POST', path: '/graphql' }, res: { statusCode: 400 } })]);
    expect(JSON.stringify(app.logs())).not.toContain('Jane Q. Patient');
  });

  it('answers an invalid query with a stable code and no stack trace', async () => {
    const { status, body } = await graphql(app.gateway.graphqlUrl, { query: '{ serverInfo { patients } }' });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    const unparsable = await graphql(app.gateway.graphqlUrl, { query: '{ serverInfo { ' });
    expect(unparsable.body.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
  });

  it('refuses batched requests', async () => {
    const response = await fetch(app.gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: SERVER_INFO }, { query: SERVER_INFO }]),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/batch/i);
  });

  it('refuses a simple cross-site request (CSRF prevention)', async () => {
    const response = await fetch(`${app.gateway.graphqlUrl}?query=${encodeURIComponent(SERVER_INFO)}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/);
    const preflighted = await fetch(`${app.gateway.graphqlUrl}?query=${encodeURIComponent(SERVER_INFO)}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(200);
  });

  it('allows introspection outside production', async () => {
    const { body } = await graphql<{ __schema: { queryType: { name: string } } }>(app.gateway.graphqlUrl, { query: '{ __schema { queryType { name } } }' });
    expect(body.data?.__schema.queryType.name).toBe('Query');
  });
});

describe('gateway in production mode', () => {
  let app: TestGateway;

  beforeAll(async () => {
    app = await startTestGateway({ production: true });
  });

  afterAll(async () => {
    await app.stop();
  });

  it('refuses introspection', async () => {
    const { status, body } = await graphql(app.gateway.graphqlUrl, { query: '{ __schema { queryType { name } } }' });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors?.[0]?.message).toMatch(/introspection/i);
  });

  it('serves no landing page', async () => {
    const response = await fetch(app.gateway.graphqlUrl, { headers: { accept: 'text/html' } });
    expect(response.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    expect(await response.text()).not.toMatch(/<html/i);
  });
});
