import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ManualClock } from '@tandem/core';
import { startPrivateRedis } from '@tandem/embedded';
import type { PrivateRedis } from '@tandem/embedded';
import { eventually, startNode, startTestSmtp } from '@tandem/testing';
import type { TestSmtp } from '@tandem/testing';
import { addMember, createClinic, gql } from './support/clinic-fixture';
import type { Clinic, Member } from './support/clinic-fixture';
import { assign, openCase, registerPatient } from './support/case-fixture';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';
import { startTestWorker } from './support/test-worker';

const WORKER = path.join(__dirname, '..', '..', 'worker', 'dist', 'main.js');
const CREATE = 'mutation C($c: ID!, $i: FollowUpInputType!) { createFollowUp(caseId: $c, input: $i) { id } }';

/** A clinic with a case whose coordinator assigns follow-ups to its therapist (who is notified). */
async function assigningClinic(app: TestGateway, clock: ManualClock): Promise<{ clinic: Clinic; staff: Member; therapist: Member; caseId: string }> {
  const clinic = await createClinic(app, clock, 'guarantees');
  const staff = await addMember(app, clinic, ['STAFF']);
  const therapist = await addMember(app, clinic, ['THERAPIST']);
  const caseId = await openCase(app, staff.accessToken, await registerPatient(app, staff.accessToken));
  await assign(app, clinic.admin.accessToken, caseId, therapist.membershipId, 'LEAD_THERAPIST');
  await assign(app, clinic.admin.accessToken, caseId, staff.membershipId, 'COORDINATOR');
  return { clinic, staff, therapist, caseId };
}

const assignFollowUp = (app: TestGateway, clock: ManualClock, who: { staff: Member; therapist: Member; caseId: string }) =>
  gql(app, CREATE, { c: who.caseId, i: { kind: 'CUSTOM', title: 'Book integration room', assigneeId: who.therapist.membershipId, dueAt: new Date(clock.now().getTime() + 48 * 3_600_000).toISOString() } }, who.staff.accessToken);

async function assignedNotices(app: TestGateway, tenantId: string, followUpId: string): Promise<number> {
  const [row] = await app.db.withTenant({ tenantId }, (m) => m.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM notification WHERE subject_id = $1 AND kind = 'FOLLOW_UP_ASSIGNED'`, [followUpId]));
  return row?.n ?? 0;
}

describe('delivery guarantees (real processes, Redis, PostgreSQL, SMTP)', () => {
  const clock = new ManualClock(new Date());
  let smtp: TestSmtp;

  beforeEach(async () => {
    smtp = await startTestSmtp();
  });

  afterEach(async () => {
    await smtp.close();
  });

  it('Redis down during a mutation: the mutation succeeds and the notification goes out once Redis is back', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tandem-redis-'));
    let redis: PrivateRedis = await startPrivateRedis({ dir });
    const port = Number(new URL(redis.url).port);
    const app = await startTestGateway({ clock, redisUrl: redis.url });
    const worker = await startTestWorker(app, { clock, smtpUrl: smtp.url });
    try {
      const who = await assigningClinic(app, clock);
      await redis.stop();
      const created = await assignFollowUp(app, clock, who);
      const id = created.body.data?.createFollowUp.id as string;
      expect(created.body.errors).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await assignedNotices(app, who.clinic.id, id)).toBe(0);

      redis = await startPrivateRedis({ dir, port });
      await eventually(async () => (await assignedNotices(app, who.clinic.id, id)) === 1, 20_000);
      await smtp.waitFor(1);
      expect(smtp.received.map((mail) => [mail.to, mail.subject])).toEqual([[[who.therapist.email], 'You have a new follow-up in Tandem']]);
    } finally {
      await worker.stop();
      await app.stop();
      await redis.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('a worker killed while sending an e-mail: after a restart the clinician gets exactly one e-mail and one inbox entry', async () => {
    const app = await startTestGateway({ clock });
    const env = {
      DATABASE_URL: app.testDb.ownerUrl,
      DATABASE_RUNTIME_URL: app.testDb.runtimeUrl,
      REDIS_URL: app.redis.url,
      REDIS_KEY_PREFIX: app.redis.prefix,
      SMTP_URL: smtp.url,
      JOB_LOCK_DURATION_MS: '5000',
      LOG_LEVEL: 'info',
    };
    let worker = startNode(WORKER, env);
    try {
      await worker.waitFor(/worker started/);
      const who = await assigningClinic(app, clock);
      const held = smtp.holdNext();
      const id = (await assignFollowUp(app, clock, who)).body.data?.createFollowUp.id as string;
      await held.arrived;
      await worker.stop('SIGKILL');
      // The server answers only after the sender's connection is gone, so it never accepts it.
      await new Promise((resolve) => setTimeout(resolve, 300));
      held.release();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(smtp.received).toEqual([]);

      worker = startNode(WORKER, env);
      await smtp.waitFor(1, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(smtp.received.map((mail) => mail.to)).toEqual([[who.therapist.email]]);
      expect(await assignedNotices(app, who.clinic.id, id)).toBe(1);
      expect(worker.output()).not.toContain(who.therapist.email);
    } finally {
      await worker.stop();
      await app.stop();
    }
  }, 60_000);
});
