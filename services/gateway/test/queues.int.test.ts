import { ManualClock } from '@tandem/core';
import { QueueName, queuePrefix } from '@tandem/jobs';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { addMember, createClinic, gql } from './support/clinic-fixture';
import type { Clinic, Member } from './support/clinic-fixture';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

const STATES = ['waiting', 'active', 'delayed', 'failed'];
const QUEUES = Object.values(QueueName) as string[];

describe('queue health and the operators’ queue dashboard (through HTTP)', () => {
  const clock = new ManualClock(new Date());
  let app: TestGateway;
  let clinic: Clinic;
  let operator: Member;
  let producer: Redis;
  let notify: Queue;

  beforeAll(async () => {
    app = await startTestGateway({ clock });
    clinic = await createClinic(app, clock);
    const ops = await createClinic(app, clock, 'ops');
    operator = ops.admin;
    const db = await app.testDb.connect({ poolSize: 1 });
    await db.asSystem('test-fixture', (m) => m.query(`UPDATE app_user SET platform_admin = true WHERE id = $1`, [operator.userId]));
    await db.close();
    producer = new Redis(app.redis.url, { maxRetriesPerRequest: null });
    notify = new Queue(QueueName.Notify, { connection: producer, prefix: queuePrefix(app.redis.prefix, QueueName.Notify) });
  });

  afterAll(async () => {
    await notify.close();
    await producer.quit();
    await app.stop();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${app.gateway.url}${path}`, { headers });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const API = '/admin/queues/api/queues?activeQueue=notify&status=delayed&page=1&jobsPerPage=10';

  /** `tandem_queue_jobs` samples as { 'queue/state': n }, checking that no other label appears. */
  async function queueJobs(): Promise<Record<string, number>> {
    const text = await (await get('/metrics')).text();
    const samples: Record<string, number> = {};
    for (const [, labels, value] of text.matchAll(/^tandem_queue_jobs\{([^}]*)\} (\d+)$/gm)) {
      const parsed = Object.fromEntries([...(labels ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v]));
      expect(Object.keys(parsed).sort()).toEqual(['queue', 'state']);
      samples[`${parsed.queue}/${parsed.state}`] = Number(value);
    }
    return samples;
  }

  it('reports every queue’s waiting, active, delayed and failed jobs in /metrics, and the numbers move', async () => {
    const before = await queueJobs();
    for (const queue of QUEUES) for (const state of STATES) expect(before[`${queue}/${state}`]).toBe(0);
    expect(await (await get('/metrics')).text()).toMatch(/^tandem_queue_up\{queue="notify"\} 1$/m);

    await notify.add('note.mentioned', { tenantId: clinic.id, requestId: 'req-1', ids: { noteId: 'n-1' } }, { jobId: 'delayed-1', delay: 3_600_000 });
    await notify.add('note.mentioned', { tenantId: clinic.id, requestId: 'req-2', ids: { noteId: 'n-2' } }, { jobId: 'waiting-1' });
    const after = await queueJobs();
    expect([after['notify/delayed'], after['notify/waiting'], after['notify/active'], after['notify/failed']]).toEqual([1, 1, 0, 0]);
  });

  it('refuses the dashboard to anonymous callers and bad credentials (401) and to clinic admins (403)', async () => {
    for (const path of ['/admin/queues', API]) {
      expect((await get(path)).status).toBe(401);
      expect((await get(path, { authorization: 'Bearer not-a-real-token-at-all' })).status).toBe(401);
      expect((await get(path, { authorization: 'Basic b3BzOm9wcw==' })).status).toBe(401);
      expect((await get(path, { cookie: 'tandem_queues=not-a-real-token-at-all' })).status).toBe(401);
      const forbidden = await get(path, bearer(clinic.admin.accessToken));
      expect([forbidden.status, await forbidden.json()]).toEqual([403, { error: { code: 'FORBIDDEN', message: 'The queue dashboard is for Tandem operators' } }]);
    }
    const nurse = await addMember(app, clinic, ['NURSE']);
    expect((await get(API, bearer(nurse.accessToken))).status).toBe(403);
    const session = await fetch(`${app.gateway.url}/admin/queues/session`, { method: 'POST', headers: bearer(clinic.admin.accessToken) });
    expect([session.status, session.headers.get('set-cookie')]).toEqual([403, null]);
  });

  it('shows operators every queue, read-only, with job ids and ids-only payloads', async () => {
    const page = await get('/admin/queues', bearer(operator.accessToken));
    expect([page.status, page.headers.get('content-type'), page.headers.get('cache-control')]).toEqual([200, expect.stringMatching(/^text\/html/), 'no-store']);
    await page.text();

    const api = await get(API, bearer(operator.accessToken));
    expect(api.status).toBe(200);
    const body = (await api.json()) as { queues: { name: string; readOnlyMode: boolean; allowRetries: boolean; counts: Record<string, number>; jobs: { id: string; data: unknown }[] }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual([...QUEUES].sort());
    const queue = body.queues.find((q) => q.name === (QueueName.Notify as string));
    expect([queue?.readOnlyMode, queue?.allowRetries, queue?.counts.delayed]).toEqual([true, false, 1]);
    expect(queue?.jobs.map((job) => [job.id, job.data])).toEqual([['delayed-1', { tenantId: clinic.id, requestId: 'req-1', ids: { noteId: 'n-1' } }]]);
    const text = JSON.stringify(body);
    for (const leak of [clinic.slug, clinic.admin.email, operator.email]) expect(text).not.toContain(leak);
  });

  it('changes nothing, whatever an operator asks', async () => {
    for (const [method, path] of [
      ['PUT', '/admin/queues/api/queues/notify/delayed-1/promote'],
      ['PUT', '/admin/queues/api/queues/notify/retry/failed'],
      ['DELETE', '/admin/queues/api/queues/notify/delayed-1'],
      ['POST', '/admin/queues/api/queues/notify/add'],
    ] as const) {
      const response = await fetch(`${app.gateway.url}${path}`, { method, headers: { ...bearer(operator.accessToken), 'content-type': 'application/json' }, body: '{}' });
      expect([method, path, response.status]).toEqual([method, path, 405]);
    }
    expect(await notify.getJobCounts('delayed', 'waiting')).toEqual({ delayed: 1, waiting: 1 });
  });

  it('lets a browser in through a short-lived HttpOnly cookie, which dies with the session', async () => {
    expect((await fetch(`${app.gateway.url}/admin/queues/session`, { method: 'POST', headers: { cookie: `tandem_queues=${operator.accessToken}` } })).status).toBe(401);
    const session = await fetch(`${app.gateway.url}/admin/queues/session`, { method: 'POST', headers: bearer(operator.accessToken) });
    expect(session.status).toBe(204);
    const setCookie = session.headers.get('set-cookie') ?? '';
    const attributes = setCookie.split('; ').slice(1).filter((attribute) => !attribute.startsWith('Expires='));
    expect(attributes.sort()).toEqual(['HttpOnly', 'Max-Age=900', 'Path=/admin/queues', 'SameSite=Strict']);
    const cookie = setCookie.split(';')[0] ?? '';

    expect((await get(API, { cookie })).status).toBe(200);
    expect((await get('/admin/queues/static/favicon.ico', { cookie })).status).toBe(200);

    expect((await gql(app, 'mutation { signOut }', {}, operator.accessToken)).body.data).toEqual({ signOut: true });
    expect((await get(API, { cookie })).status).toBe(401);
    expect((await get(API, bearer(operator.accessToken))).status).toBe(401);
  });

  it('counts dashboard traffic under one bounded route label', async () => {
    const text = await (await get('/metrics')).text();
    expect(text).toMatch(/^tandem_http_requests_total\{route="\/admin\/queues",method="GET",status="4xx"\} \d+$/m);
    expect(text).not.toMatch(/route="\/admin\/queues\/api/);
  });
});
