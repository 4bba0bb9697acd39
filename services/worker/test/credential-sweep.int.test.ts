import { ManualClock, loadConfig, newId, silentLogger } from '@tandem/core';
import type { Database } from '@tandem/db';
import { CREDENTIAL_SWEEP, sweepCredentials } from '@tandem/credentials';
import { QueueName, queuePrefix } from '@tandem/jobs';
import { createMember, createTenant, createTestDatabase, createTestRedis, eventually } from '@tandem/testing';
import type { TestDatabase, TestRedis, TestTenant } from '@tandem/testing';
import { Queue } from 'bullmq';
import { processorsFor, startWorker } from '../src';
import type { RunningWorker } from '../src';

interface Inbox {
  membership_id: string;
  kind: string;
  subject_id: string;
}

/** A credential of `holder` valid through `expiresOn`, verified by `verifier` unless null. */
async function credential(db: Database, clinic: TestTenant, holder: string, kind: string, expiresOn: string, verifier: string | null): Promise<string> {
  const id = newId();
  await db.asSystem('test-fixture', (m) =>
    m.query(
      `INSERT INTO credential (tenant_id, id, membership_id, kind, jurisdiction, number, issued_on, expires_on, verified_by, verified_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, '2020-01-01', $7, $8, $9, now(), now())`,
      [clinic.id, id, holder, kind, kind === 'LICENSE' ? 'OR' : null, kind === 'LICENSE' ? 'RN123456' : null, expiresOn, verifier, verifier ? new Date() : null],
    ),
  );
  return id;
}

async function inbox(db: Database, clinic: TestTenant): Promise<Inbox[]> {
  return db.withTenant({ tenantId: clinic.id }, (m) => m.query<Inbox[]>(`SELECT membership_id, kind, subject_id FROM notification ORDER BY created_at, kind, membership_id`));
}

const config = loadConfig({});

describe('credential expiry reminders (the hourly credential sweep, real BullMQ and PostgreSQL as the runtime role)', () => {
  const clock = new ManualClock(new Date('2026-03-01T12:00:00Z'));
  let testDb: TestDatabase;
  let redis: TestRedis;
  let db: Database;
  let workers: RunningWorker[];
  let queue: Queue;
  let clinic: TestTenant;
  let admin: string;
  let nurse: string;

  /** One sweep job through the queue and a worker, at the clock's time; the inbox once it completed. */
  async function sweepAt(iso: string): Promise<Inbox[]> {
    clock.set(new Date(iso));
    const job = await queue.add(CREDENTIAL_SWEEP.name, { tenantId: '', requestId: `test-${iso}` });
    await eventually(async () => (await job.getState()) === 'completed');
    return inbox(db, clinic);
  }

  beforeAll(async () => {
    testDb = await createTestDatabase();
    redis = createTestRedis();
    db = await testDb.connect();
    clinic = await createTenant(db);
    await db.asSystem('test-fixture', (m) => m.query(`UPDATE tenant SET settings = $2 WHERE id = $1`, [clinic.id, { timezone: 'America/Los_Angeles' }]));
    admin = await createMember(db, clinic, ['ADMIN']);
    nurse = await createMember(db, clinic, ['NURSE']);
    const services = { db, clock, notifications: config.notifications, log: silentLogger(), encryptionKey: config.auth.encryptionKey };
    workers = [
      await startWorker({ redisUrl: redis.url, processors: processorsFor(services), log: silentLogger(), namespace: redis.prefix }),
      await startWorker({ redisUrl: redis.url, processors: processorsFor(services), log: silentLogger(), namespace: redis.prefix }),
    ];
    queue = new Queue(QueueName.Credentials, { connection: redis.connect(), prefix: queuePrefix(redis.prefix, QueueName.Credentials) });
  });

  afterAll(async () => {
    await queue.close();
    await Promise.all(workers.map((w) => w.close()));
    await redis.close();
    await testDb.drop();
  });

  it('is one hourly job scheduler however many workers start', async () => {
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toHaveLength(1);
    expect(schedulers[0]).toMatchObject({ key: CREDENTIAL_SWEEP.id, name: CREDENTIAL_SWEEP.name, every: 3_600_000 });
  });

  it('reminds the holder 60, 30 and 7 days before expiry and tells the admins on expiry, each once', async () => {
    // Valid through 2026-06-30 in Los Angeles.
    const bls = await credential(db, clinic, nurse, 'BLS', '2026-06-30', admin);
    const unverified = await credential(db, clinic, nurse, 'ACLS', '2026-06-30', null);
    const remind = { membership_id: nurse, kind: 'CREDENTIAL_EXPIRING', subject_id: bls };
    // 61 days before, in the clinic's calendar (2026-04-30 17:00 in Los Angeles): nothing yet.
    expect(await sweepAt('2026-05-01T00:00:00Z')).toEqual([]);
    expect(await sweepAt('2026-05-01T07:00:00Z')).toEqual([remind]);
    // Hourly runs between thresholds add nothing.
    await sweepCredentials({ db, clock, mailer: null }, new Date('2026-05-01T08:00:00Z'));
    await sweepCredentials({ db, clock, mailer: null }, new Date('2026-05-31T06:59:00Z'));
    expect(await inbox(db, clinic)).toHaveLength(1);
    expect(await sweepAt('2026-05-31T07:00:00Z')).toEqual([remind, remind]);
    expect(await sweepAt('2026-06-23T12:00:00Z')).toEqual([remind, remind, remind]);
    // The last valid day says nothing new; the day after, the admins hear of it.
    await sweepCredentials({ db, clock, mailer: null }, new Date('2026-07-01T06:59:00Z'));
    expect(await inbox(db, clinic)).toHaveLength(3);
    const rows = await sweepAt('2026-07-01T07:00:00Z');
    expect(rows[3]).toEqual({ membership_id: admin, kind: 'CREDENTIAL_EXPIRED', subject_id: bls });
    await sweepCredentials({ db, clock, mailer: null }, new Date('2026-07-02T12:00:00Z'));
    expect(await inbox(db, clinic)).toHaveLength(4);
    expect((await inbox(db, clinic)).some((row) => row.subject_id === unverified)).toBe(false);
  });

  it('sends only the latest threshold crossed, skips a renewed credential, and writes ids only', async () => {
    const other = await createTenant(db);
    const otherAdmin = await createMember(db, other, ['ADMIN']);
    const prescriber = await createMember(db, other, ['PRESCRIBER']);
    const late = await credential(db, other, prescriber, 'DEA_REGISTRATION', '2026-09-20', otherAdmin);
    await credential(db, other, prescriber, 'LICENSE', '2026-09-10', otherAdmin);
    await credential(db, other, prescriber, 'LICENSE', '2028-09-10', otherAdmin); // the renewal
    await sweepCredentials({ db, clock, mailer: null }, new Date('2026-09-01T12:00:00Z'));
    await sweepCredentials({ db, clock, mailer: null }, new Date('2026-09-01T13:00:00Z'));
    expect(await inbox(db, other)).toEqual([{ membership_id: prescriber, kind: 'CREDENTIAL_EXPIRING', subject_id: late }]);
    const [entry] = await db.withTenant({ tenantId: other.id }, (m) => m.query<{ subject_type: string; case_id: string | null }[]>(`SELECT subject_type, case_id FROM notification`));
    expect(entry).toEqual({ subject_type: 'Credential', case_id: null });
  });
});
