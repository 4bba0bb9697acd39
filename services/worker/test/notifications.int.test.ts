import { loadConfig, newId, silentLogger, systemClock } from '@tandem/core';
import type { Database } from '@tandem/db';
import { startPrivateRedis } from '@tandem/embedded';
import { openJobQueues, relayTarget, startOutboxRelay, writeOutbox } from '@tandem/jobs';
import { careRuleHandler } from '@tandem/followups';
import { deliveryHandler } from '@tandem/notifications';
import { createMember, createTenant, createTestDatabase, createTestRedis, eventually } from '@tandem/testing';
import type { TestDatabase, TestRedis, TestTenant } from '@tandem/testing';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { processorsFor, startWorker } from '../src';

/** A case whose team has a prescriber of record, a lead therapist and a nurse (rows, as fixtures). */
async function caseWithTeam(db: Database, clinic: TestTenant): Promise<{ caseId: string; prescriber: string; therapist: string; nurse: string }> {
  const member = (roles: string[]) => createMember(db, clinic, roles);
  const [prescriber, therapist, nurse] = [await member(['PRESCRIBER']), await member(['THERAPIST']), await member(['NURSE'])];
  const patientId = newId();
  const caseId = newId();
  await db.asSystem('test-fixture', async (m) => {
    await m.query(`INSERT INTO patient (tenant_id, id, mrn, given_name, family_name, date_of_birth, sex, created_at, updated_at) VALUES ($1, $2, $3, 'A', 'B', '1980-01-01', 'FEMALE', now(), now())`, [clinic.id, patientId, `M-${patientId}`]);
    await m.query(`INSERT INTO clinical_case (tenant_id, id, patient_id, indication, status, opened_at, updated_at) VALUES ($1, $2, $3, 'TRD', 'DOSING', now(), now())`, [clinic.id, caseId, patientId]);
    for (const [membershipId, role] of [[prescriber, 'PRESCRIBER_OF_RECORD'], [therapist, 'LEAD_THERAPIST'], [nurse, 'MONITORING_NURSE']]) {
      await m.query(`INSERT INTO care_team_member (tenant_id, id, case_id, membership_id, case_role, added_at, added_by) VALUES ($1, $2, $3, $4, $5, now(), $4)`, [clinic.id, newId(), caseId, membershipId, role]);
    }
  });
  return { caseId, prescriber, therapist, nurse };
}

async function inboxOf(db: Database, clinic: TestTenant): Promise<Record<string, number>> {
  const rows = await db.withTenant({ tenantId: clinic.id }, (m) => m.query<{ membership_id: string; n: number }[]>(`SELECT membership_id, count(*)::int AS n FROM notification GROUP BY membership_id`));
  return Object.fromEntries(rows.map((r) => [r.membership_id, r.n]));
}


describe('outbox relay and inbox delivery (real PostgreSQL, real Redis, real BullMQ)', () => {
  let testDb: TestDatabase;
  let redis: TestRedis;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    redis = createTestRedis();
    db = await testDb.connect();
  });

  afterAll(async () => {
    await redis.close();
    await testDb.drop();
  });

  it("alerts the case's prescriber and therapist once each for a safety signal, and a redelivery adds nothing", async () => {
    const clinic = await createTenant(db);
    const team = await caseWithTeam(db, clinic);
    await db.withTenant({ tenantId: clinic.id }, (m) => writeOutbox(m, { tenantId: clinic.id, topic: 'safety.signal_opened', payload: { safetySignalId: newId(), caseId: team.caseId } }));
    const worker = await startWorker({ redisUrl: redis.url, processors: processorsFor({ db, clock: systemClock, notifications: loadConfig({}).notifications, encryptionKey: loadConfig({}).auth.encryptionKey, log: silentLogger() }), log: silentLogger(), namespace: redis.prefix, relayFrom: db });
    try {
      await eventually(async () => Object.keys(await inboxOf(db, clinic)).length === 2);
      expect(await inboxOf(db, clinic)).toEqual({ [team.prescriber]: 1, [team.therapist]: 1 });
      const [row] = await db.asSystem('test-fixture', (m) => m.query<{ id: string; relayed_at: Date | null; payload: Record<string, string> }[]>(`SELECT id, relayed_at, payload FROM outbox WHERE tenant_id = $1`, [clinic.id]));
      expect(row?.relayed_at).not.toBeNull();
      // A worker killed mid-delivery retries the job: the dedupe key keeps it to one entry each.
      const queues = openJobQueues(redis.url, redis.prefix);
      await deliveryHandler({ db, mailer: null, queues }).handle({ tenantId: clinic.id, requestId: row?.id ?? '', outboxId: row?.id ?? '', topic: 'safety.signal_opened', ids: row?.payload ?? {} });
      await queues.close();
      expect(await inboxOf(db, clinic)).toEqual({ [team.prescriber]: 1, [team.therapist]: 1 });
    } finally {
      await worker.close();
    }
  });

  it('creates the post-dose follow-ups once after a dosing session completes', async () => {
    const clinic = await createTenant(db);
    const team = await caseWithTeam(db, clinic);
    const sessionId = newId();
    const completedAt = new Date('2026-06-15T12:00:00Z');
    await db.asSystem('test-fixture', (m) =>
      m.query(
        `INSERT INTO treatment_session (tenant_id, id, case_id, kind, starts_at, expected_minutes, location, status, participant_ids, completed_at, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, 'DOSING', $4, 180, 'IN_CLINIC', 'COMPLETED', $5, $4, $6, $4, $4)`,
        [clinic.id, sessionId, team.caseId, completedAt, [team.prescriber], team.prescriber],
      ),
    );
    const event = { tenantId: clinic.id, requestId: 'r', outboxId: newId(), topic: 'session.completed', ids: { sessionId, caseId: team.caseId, kind: 'DOSING' } };
    await careRuleHandler(db).handle(event);
    await careRuleHandler(db).handle(event);
    const followUps = await db.withTenant({ tenantId: clinic.id }, (m) => m.query<{ kind: string; assignee_id: string; due_at: Date }[]>(`SELECT kind, assignee_id, due_at FROM follow_up ORDER BY due_at`));
    expect(followUps).toEqual([
      { kind: 'POST_DOSE_CHECK_IN', assignee_id: team.nurse, due_at: new Date('2026-06-16T12:00:00Z') },
      { kind: 'INTEGRATION_SESSION', assignee_id: team.therapist, due_at: new Date('2026-06-18T12:00:00Z') },
    ]);
  });

  it('keeps intents while Redis is down and delivers them once it is back', async () => {
    const clinic = await createTenant(db);
    const team = await caseWithTeam(db, clinic);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tandem-redis-'));
    let own = await startPrivateRedis({ dir });
    const url = own.url;
    await own.stop();
    // The worker (and its relay) starts while Redis is down: startWorker's own ping would fail, so
    // the relay runs alone first, as it does in a worker whose Redis went away.
    const relay = startOutboxRelay(db, () => relayTarget(url, 'down-test'), silentLogger(), 100);
    try {
      await db.withTenant({ tenantId: clinic.id }, (m) => writeOutbox(m, { tenantId: clinic.id, topic: 'note.mentioned', payload: { noteId: newId(), membershipId: team.nurse, caseId: team.caseId } }));
      await new Promise((resolve) => setTimeout(resolve, 500));
      const pending = await db.asSystem('test-fixture', (m) => m.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM outbox WHERE tenant_id = $1 AND relayed_at IS NULL`, [clinic.id]));
      expect(pending).toEqual([{ n: 1 }]);
      own = await startPrivateRedis({ dir, port: Number(new URL(url).port) });
      const worker = await startWorker({ redisUrl: own.url, processors: processorsFor({ db, clock: systemClock, notifications: loadConfig({}).notifications, encryptionKey: loadConfig({}).auth.encryptionKey, log: silentLogger() }), log: silentLogger(), namespace: 'down-test' });
      try {
        await eventually(async () => (await inboxOf(db, clinic))[team.nurse] === 1);
      } finally {
        await worker.close();
      }
    } finally {
      await relay.stop();
      await own.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
