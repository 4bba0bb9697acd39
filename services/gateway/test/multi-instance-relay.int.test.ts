import { newId } from '@tandem/core';
import type { Database } from '@tandem/db';
import { QueueName, queuePrefix, relayOutboxBatch, relayTarget, writeOutbox } from '@tandem/jobs';
import type { RelayTarget } from '@tandem/jobs';
import { createTenant, createTestDatabase, createTestRedis, queueAdds } from '@tandem/testing';
import type { TestDatabase, TestRedis } from '@tandem/testing';
import { ownerQuery } from './support/test-gateway';

/**
 * Several workers each run the outbox relay (docs/operations.md, "Several gateways and
 * workers"). Two relays, each with its own connection pool and its own Redis connection as two
 * worker processes have, race over the same outbox while clinics keep writing to it.
 */
const ROWS = 600;
const WRITE_BATCH = 40;
const RELAY_BATCH = 7;

/** Test-owned bookkeeping: a row per UPDATE of an outbox row's relayed_at, and whether it was already set. */
const COUNT_MARKS = `
  CREATE TABLE relay_mark (outbox_id uuid NOT NULL, already_relayed boolean NOT NULL);
  CREATE FUNCTION record_relay_mark() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
  BEGIN INSERT INTO relay_mark VALUES (NEW.id, OLD.relayed_at IS NOT NULL); RETURN NEW; END $$;
  CREATE TRIGGER relay_mark AFTER UPDATE OF relayed_at ON outbox FOR EACH ROW EXECUTE FUNCTION record_relay_mark();`;

describe('two outbox relays racing (real PostgreSQL as the runtime role, real Redis and BullMQ)', () => {
  let testDb: TestDatabase;
  let redis: TestRedis;
  const targets: RelayTarget[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase();
    redis = createTestRedis();
    await ownerQuery({ testDb }, COUNT_MARKS, []);
  });

  afterAll(async () => {
    await Promise.all(targets.map((target) => target.close()));
    await redis.close();
    await testDb.drop();
  });

  /** Clinics writing outbox rows in transactions of WRITE_BATCH, as mutations do. */
  async function writeRows(db: Database, tenantIds: readonly string[]): Promise<void> {
    for (let written = 0; written < ROWS; written += WRITE_BATCH) {
      const tenantId = tenantIds[(written / WRITE_BATCH) % tenantIds.length];
      await db.withTenant({ tenantId }, async (m) => {
        for (let i = 0; i < WRITE_BATCH; i += 1) await writeOutbox(m, { tenantId, topic: 'followup.closed', payload: { followUpId: newId() } });
      });
    }
  }

  /** One relay draining in small batches until the writers are done and nothing is left. */
  async function relay(db: Database, target: RelayTarget, writing: { done: boolean }): Promise<number> {
    let relayed = 0;
    for (;;) {
      // Only a batch begun after the last write committed may end the loop: its snapshot saw every row.
      const lastWriteCommitted = writing.done;
      const batch = await relayOutboxBatch(db, target.queue, RELAY_BATCH);
      relayed += batch;
      if (batch === 0 && lastWriteCommitted) return relayed;
      if (batch === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  it('turns every outbox row into exactly one job and marks it relayed once', async () => {
    const [writer, first, second] = [await testDb.connect(), await testDb.connect(), await testDb.connect()];
    const tenants = [await createTenant(writer), await createTenant(writer), await createTenant(writer)];
    targets.push(relayTarget(redis.url, redis.prefix), relayTarget(redis.url, redis.prefix));
    const [targetA, targetB] = targets as [RelayTarget, RelayTarget];

    const writing = { done: false };
    const written = writeRows(writer, tenants.map((t) => t.id)).finally(() => (writing.done = true));
    const [byA, byB] = await Promise.all([relay(first, targetA, writing), relay(second, targetB, writing), written]);

    // Both relays took part, and between them they relayed each row once.
    expect(byA).toBeGreaterThan(0);
    expect(byB).toBeGreaterThan(0);
    expect(byA + byB).toBe(ROWS);
    const outbox = await ownerQuery<{ id: string; relayed: boolean }>({ testDb }, `SELECT id, relayed_at IS NOT NULL AS relayed FROM outbox`, []);
    expect(outbox).toHaveLength(ROWS);
    expect(outbox.filter((row) => !row.relayed)).toEqual([]);
    const marks = await ownerQuery<{ outbox_id: string; n: number; again: boolean }>({ testDb }, `SELECT outbox_id, count(*)::int AS n, bool_or(already_relayed) AS again FROM relay_mark GROUP BY outbox_id`, []);
    expect(marks).toHaveLength(ROWS);
    expect(marks.filter((mark) => mark.n !== 1 || mark.again)).toEqual([]);

    // Redis saw one add per outbox row (job id = outbox id), never a second add of the same id.
    const adds = await queueAdds(redis.connect(), queuePrefix(redis.prefix, QueueName.Notify), QueueName.Notify);
    expect([...adds.added.keys()].sort()).toEqual(outbox.map((row) => row.id).sort());
    expect([...adds.added.values()].filter((n) => n !== 1)).toEqual([]);
    expect(adds.duplicated.size).toBe(0);
    expect(await targetA.queue.getJobCountByTypes('wait')).toBe(ROWS);
  });
});
