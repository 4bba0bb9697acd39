import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretBox } from '@tandem/accounts';
import { loadConfig, newId, silentLogger, systemClock } from '@tandem/core';
import type { PartnerPrincipal } from '@tandem/core';
import type { Database } from '@tandem/db';
import { writeOutbox } from '@tandem/jobs';
import { WebhookEndpointService, webhookDeliveryProcessor } from '@tandem/notifications';
import { contextFor, createTenant, createTestDatabase, createTestRedis, eventually } from '@tandem/testing';
import type { TestDatabase, TestRedis, TestTenant } from '@tandem/testing';
import type { Job } from 'bullmq';
import { Webhook } from 'standardwebhooks';
import { processorsFor, startWorker } from '../src';
import type { RunningWorker } from '../src';

/**
 * Partner webhooks end to end: outbox event → relay → dispatch → signed HTTP delivery to a real
 * receiver on 127.0.0.1 (so private networks are allowed, as only tests may), retried on a
 * schedule shortened to milliseconds.
 */
const SCHEDULE_MS = [150, 400, 800];
const KEY = Buffer.alloc(32, 4);

interface Received {
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  readonly at: number;
}

/** A receiver answering with the given statuses in turn (the last one repeats). */
async function receiver(statuses: number[]): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body, at: Date.now() });
      res.statusCode = statuses[Math.min(received.length, statuses.length) - 1] ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/tandem`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}


/** Deliveries retry on their schedule: give them longer than the shared default. */
const WAIT_MS = 15_000;

describe('partner webhooks (real PostgreSQL, Redis, BullMQ and HTTP)', () => {
  let testDb: TestDatabase;
  let redis: TestRedis;
  let db: Database;
  let worker: RunningWorker;
  const endpoints = (allowPrivateNetworks: boolean) => new WebhookEndpointService(db, new SecretBox(KEY), { allowPrivateNetworks });

  /** A clinic with an active admin and a partner key holding webhooks:manage. */
  async function clinicWithPartner(): Promise<{ clinic: TestTenant; adminId: string; partner: PartnerPrincipal }> {
    const clinic = await createTenant(db);
    const userId = newId();
    const adminId = newId();
    const apiKeyId = newId();
    await db.asSystem('test-fixture', async (m) => {
      await m.query(`INSERT INTO app_user (id, email, display_name, password_hash) VALUES ($1, $2, 'Admin', 'x')`, [userId, `${userId}@t.example`]);
      await m.query(`INSERT INTO membership (tenant_id, id, user_id, roles) VALUES ($1, $2, $3, '{ADMIN}')`, [clinic.id, adminId, userId]);
      await m.query(`INSERT INTO api_key (tenant_id, id, label, scopes, secret_hash, created_by, created_at) VALUES ($1, $2, 'crm', '{webhooks:manage}', '\\x00', $3, now())`, [clinic.id, apiKeyId, adminId]);
    });
    return { clinic, adminId, partner: { kind: 'partner', apiKeyId, tenantId: clinic.id, scopes: ['webhooks:manage'] } };
  }

  const followUpScheduled = (clinic: TestTenant, ids: { followUpId: string; caseId: string }) =>
    db.withTenant({ tenantId: clinic.id }, (m) => writeOutbox(m, { tenantId: clinic.id, topic: 'followup.scheduled', payload: { ...ids, dueAt: '2030-01-01T00:00:00.000Z', createdBy: newId() } }));

  const attemptsOf = (clinic: TestTenant) =>
    db.withTenant({ tenantId: clinic.id }, (m) => m.query<{ attempt: number; status_code: number | null; error: string | null; attempted_at: Date }[]>(`SELECT attempt, status_code, error, attempted_at FROM webhook_attempt ORDER BY attempted_at`));

  beforeAll(async () => {
    testDb = await createTestDatabase();
    redis = createTestRedis();
    db = await testDb.connect();
    const notifications = { ...loadConfig({}).notifications, webhooksAllowPrivateNetworks: true };
    worker = await startWorker({
      redisUrl: redis.url,
      processors: processorsFor({ db, clock: systemClock, notifications, encryptionKey: KEY, log: silentLogger(), webhooks: { retryScheduleMs: SCHEDULE_MS, timeoutMs: 2_000 } }),
      log: silentLogger(),
      namespace: redis.prefix,
      relayFrom: db,
    });
  });

  afterAll(async () => {
    await worker.close();
    await redis.close();
    await testDb.drop();
  });

  it('delivers a thin event, signed so that the Standard Webhooks library verifies it with the partner secret', async () => {
    const { clinic, partner } = await clinicWithPartner();
    const hook = await receiver([204]);
    try {
      const { secret } = await endpoints(true).register(contextFor(partner), { url: hook.url, eventTypes: ['follow_up.created'] });
      const ids = { followUpId: newId(), caseId: newId() };
      const outboxId = await followUpScheduled(clinic, ids);
      // Not subscribed: a completed session reaches no endpoint.
      await db.withTenant({ tenantId: clinic.id }, (m) => writeOutbox(m, { tenantId: clinic.id, topic: 'session.completed', payload: { sessionId: newId(), caseId: ids.caseId, kind: 'DOSING' } }));
      await eventually(() => hook.received.length === 1, WAIT_MS);
      const [delivery] = hook.received;
      const verified = new Webhook(secret).verify(delivery?.body ?? '', delivery?.headers as Record<string, string>);
      expect(verified).toEqual({ type: 'follow_up.created', timestamp: expect.any(String), data: ids });
      expect(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(delivery?.body ?? '', delivery?.headers as Record<string, string>)).toThrow();
      const [outbox] = await db.withTenant({ tenantId: clinic.id }, (m) => m.query<{ created_at: Date }[]>(`SELECT created_at FROM outbox WHERE id = $1`, [outboxId]));
      expect(JSON.parse(delivery?.body ?? '{}').timestamp).toBe(outbox?.created_at.toISOString());
      await eventually(async () => (await attemptsOf(clinic)).length === 1, WAIT_MS);
      expect((await attemptsOf(clinic)).map((a) => [a.attempt, a.status_code])).toEqual([[1, 204]]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(hook.received).toHaveLength(1);
    } finally {
      await hook.close();
    }
  });

  it('retries a receiver answering 500 after growing delays, with the same webhook-id, until it succeeds', async () => {
    const { clinic, partner } = await clinicWithPartner();
    const hook = await receiver([500, 500, 200]);
    try {
      await endpoints(true).register(contextFor(partner), { url: hook.url, eventTypes: ['follow_up.created'] });
      await followUpScheduled(clinic, { followUpId: newId(), caseId: newId() });
      await eventually(() => hook.received.length === 3, WAIT_MS);
      await eventually(async () => (await attemptsOf(clinic)).length === 3, WAIT_MS);
      const attempts = await attemptsOf(clinic);
      expect(attempts.map((a) => [a.attempt, a.status_code])).toEqual([[1, 500], [2, 500], [3, 200]]);
      const gaps = [hook.received[1].at - hook.received[0].at, hook.received[2].at - hook.received[1].at];
      expect(gaps[0]).toBeGreaterThanOrEqual(SCHEDULE_MS[0] - 20);
      expect(gaps[1]).toBeGreaterThanOrEqual(SCHEDULE_MS[1] - 20);
      expect(gaps[1]).toBeGreaterThan(gaps[0]);
      expect(new Set(hook.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
      const [delivery] = await db.withTenant({ tenantId: clinic.id }, (m) => m.query<{ status: string; attempts: number }[]>(`SELECT status, attempts FROM webhook_delivery`));
      expect(delivery).toEqual({ status: 'DELIVERED', attempts: 3 });
    } finally {
      await hook.close();
    }
  });

  it('disables an endpoint that fails for the whole retry window and tells the admins once', async () => {
    const { clinic, adminId, partner } = await clinicWithPartner();
    const hook = await receiver([500]);
    try {
      const { endpoint } = await endpoints(true).register(contextFor(partner), { url: hook.url, eventTypes: ['follow_up.created'] });
      await followUpScheduled(clinic, { followUpId: newId(), caseId: newId() });
      await eventually(async () => (await attemptsOf(clinic)).length === SCHEDULE_MS.length + 1, WAIT_MS);
      await eventually(async () => {
        const [row] = await db.withTenant({ tenantId: clinic.id }, (m) => m.query<{ status: string }[]>(`SELECT status FROM webhook_endpoint`));
        return row?.status === 'DISABLED';
      }, WAIT_MS);
      const state = await db.withTenant({ tenantId: clinic.id }, async (m) => ({
        endpoint: await m.query(`SELECT status, disabled_reason FROM webhook_endpoint`),
        delivery: await m.query(`SELECT status, attempts FROM webhook_delivery`),
        inbox: await m.query(`SELECT membership_id, kind, subject_type, subject_id FROM notification`),
      }));
      expect(state).toEqual({
        endpoint: [{ status: 'DISABLED', disabled_reason: 'FAILING' }],
        delivery: [{ status: 'FAILED', attempts: SCHEDULE_MS.length + 1 }],
        inbox: [{ membership_id: adminId, kind: 'WEBHOOK_DISABLED', subject_type: 'WebhookEndpoint', subject_id: endpoint.id }],
      });
      // Later events reach no disabled endpoint.
      await followUpScheduled(clinic, { followUpId: newId(), caseId: newId() });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(hook.received).toHaveLength(SCHEDULE_MS.length + 1);
    } finally {
      await hook.close();
    }
  });

  it('re-checks the address at delivery: a loopback URL is not contacted without the private-network setting', async () => {
    const { clinic, partner } = await clinicWithPartner();
    const hook = await receiver([200]);
    try {
      const { endpoint } = await endpoints(true).register(contextFor(partner), { url: hook.url, eventTypes: ['follow_up.created'] });
      const deliveryId = newId();
      await db.withTenant({ tenantId: clinic.id }, (m) =>
        m.query(`INSERT INTO webhook_delivery (tenant_id, id, endpoint_id, outbox_id, event_type, event_at, data, status, created_at) VALUES ($1, $2, $3, $4, 'follow_up.created', now(), '{}', 'PENDING', now())`, [
          clinic.id,
          deliveryId,
          endpoint.id,
          newId(),
        ]),
      );
      const production = webhookDeliveryProcessor(db, new SecretBox(KEY), systemClock, { allowPrivateNetworks: false, retryScheduleMs: SCHEDULE_MS, timeoutMs: 2_000 });
      const job = { data: { tenantId: clinic.id, requestId: 'r', deliveryId }, attemptsMade: 0 } as Job<{ tenantId: string; requestId: string; deliveryId: string }>;
      await expect(production.process(job)).rejects.toThrow('REFUSED_ADDRESS');
      expect(hook.received).toHaveLength(0);
      expect((await attemptsOf(clinic)).map((a) => [a.attempt, a.status_code, a.error])).toEqual([[1, null, 'REFUSED_ADDRESS']]);
    } finally {
      await hook.close();
    }
  });
});
