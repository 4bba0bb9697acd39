import http from 'node:http';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '@tandem/core';
import { migrate, provisionDatabase } from '@tandem/db';
import { freePort } from '@tandem/embedded';
import { TEST_PASSWORDS, createTestDatabase, startNode, startPostgresProcess, testEnv } from '@tandem/testing';
import type { ChildHandle, TestDatabase } from '@tandem/testing';

const GATEWAY = path.join(__dirname, '..', 'dist', 'main.js');
const WORKER = path.join(__dirname, '..', '..', 'worker', 'dist', 'main.js');

async function readyz(baseUrl: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${baseUrl}/readyz`);
  return { status: response.status, body: await response.json() };
}

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms (last: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('start-up with bad configuration', () => {
  it.each([
    ['gateway', { PORT: 'abc' }, 'PORT'],
    ['gateway', { DATABASE_URL: 'postgres//no-scheme', REDIS_URL: 'redis://127.0.0.1:1' }, 'DATABASE_URL'],
    ['gateway', { REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    ['gateway', { LOG_LEVEL: 'chatty' }, 'LOG_LEVEL'],
    ['worker', { PORT: '70000' }, 'PORT'],
    ['worker', { DATABASE_POOL_SIZE: 'many' }, 'DATABASE_POOL_SIZE'],
  ])('%s started with %j exits non-zero naming %s', async (name, env, variable) => {
    const child = startNode(name === 'gateway' ? GATEWAY : WORKER, env);
    expect(await child.exited()).not.toBe(0);
    expect(child.output()).toContain(`cannot start: Invalid configuration: ${variable}`);
  });

  it('the standalone gateway says which URL it lacks', async () => {
    const child = startNode(GATEWAY, {});
    expect(await child.exited()).toBe(1);
    expect(child.output()).toContain('DATABASE_RUNTIME_URL (or DATABASE_URL) is required');
  });
});

describe('a gateway process', () => {
  let testDb: TestDatabase;
  let gateway: ChildHandle;
  let baseUrl: string;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    gateway = startNode(GATEWAY, {
      PORT: String(port),
      DATABASE_URL: testDb.ownerUrl,
      DATABASE_RUNTIME_URL: testDb.runtimeUrl,
      REDIS_URL: testEnv('redisUrl'),
      SHUTDOWN_TIMEOUT_MS: '10000',
    });
    await gateway.waitFor(/gateway listening/);
  });

  afterAll(async () => {
    await gateway.stop('SIGKILL');
    await testDb.drop();
  });

  it('on SIGTERM lets a slow in-flight request finish, refuses new ones, then exits 0', async () => {
    const body = JSON.stringify({ query: '{ serverInfo { version } }' });
    // The client sends half the body, then the gateway is told to stop, then the rest arrives.
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        gateway.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 700);
      }, 200);
    });
    await gateway.waitFor(/shutting down/);
    await expect(fetch(`${baseUrl}/healthz`)).rejects.toThrow();
    const finished = await response;
    expect(finished.status).toBe(200);
    expect(JSON.parse(finished.text)).toEqual({ data: { serverInfo: { version: expect.any(String) } }, extensions: { cost: expect.any(Object) } });
    expect(await gateway.exited()).toBe(0);
    expect(gateway.output()).toMatch(/gateway stopped/);
  });
});

describe('readiness follows PostgreSQL without a restart', () => {
  it('reports not-ready while PostgreSQL is stopped and ready again after it restarts', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tandem-readyz-'));
    await fs.chmod(dataDir, 0o755);
    const pgPort = await freePort();
    let postgres = await startPostgresProcess(path.join(dataDir, 'pg'), pgPort);
    const urls = await provisionDatabase({ adminUrl: postgres.adminUrl, database: 'tandem', ...TEST_PASSWORDS });
    await migrate(urls.ownerUrl, silentLogger());
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const gateway = startNode(GATEWAY, { PORT: String(port), DATABASE_URL: urls.ownerUrl, DATABASE_RUNTIME_URL: urls.runtimeUrl, REDIS_URL: testEnv('redisUrl') });
    try {
      await gateway.waitFor(/gateway listening/);
      expect(await readyz(baseUrl)).toEqual({ status: 200, body: { status: 'ready', checks: { postgres: 'up', redis: 'up' } } });

      expect(await postgres.stop()).toBe(0);
      expect(await readyz(baseUrl)).toEqual({ status: 503, body: { status: 'not-ready', checks: { postgres: 'down', redis: 'up' } } });
      expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);

      postgres = await startPostgresProcess(path.join(dataDir, 'pg'), pgPort);
      const recovered = await eventually(() => readyz(baseUrl), (r) => r.status === 200);
      expect(recovered.body).toEqual({ status: 'ready', checks: { postgres: 'up', redis: 'up' } });
      expect(gateway.child.exitCode).toBeNull();
      expect(gateway.output().match(/gateway listening/g)).toHaveLength(1);
    } finally {
      await gateway.stop();
      await postgres.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
