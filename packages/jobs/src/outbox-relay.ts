import type { Logger } from '@tandem/core';
import type { Database } from '@tandem/db';
import type { Queue } from 'bullmq';
import { DEFAULT_JOB_OPTIONS } from './job-processor';
import type { JobPayload } from './job-processor';

export interface RelayedPayload extends JobPayload {
  readonly outboxId: string;
  readonly topic: string;
  readonly ids: Readonly<Record<string, string>>;
}

interface OutboxRow {
  tenant_id: string;
  id: string;
  topic: string;
  payload: Record<string, string>;
}

/**
 * Moves unrelayed outbox rows into BullMQ. Rows are claimed with FOR UPDATE SKIP LOCKED (relays
 * racing take different rows) and marked relayed in the same transaction only after Redis
 * accepted the job; the job id is the outbox id, so a redelivery after a crash is a no-op.
 * With Redis down the transaction rolls back and the rows wait: nothing is lost.
 */
export async function relayOutboxBatch(db: Database, queue: Queue<RelayedPayload>, batchSize = 100): Promise<number> {
  return db.asSystem('outbox-relay', async (m) => {
    const rows = await m.query<OutboxRow[]>(
      `SELECT tenant_id, id, topic, payload FROM outbox WHERE relayed_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [batchSize],
    );
    if (rows.length === 0) return 0;
    await queue.addBulk(
      rows.map((row) => ({
        name: row.topic,
        data: { tenantId: row.tenant_id, requestId: row.id, outboxId: row.id, topic: row.topic, ids: row.payload },
        opts: { ...DEFAULT_JOB_OPTIONS, jobId: row.id },
      })),
    );
    await m.query(`UPDATE outbox SET relayed_at = now() WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
    return rows.length;
  });
}

/**
 * Relays on a short interval until stopped. When Redis is away the batch fails, the rows stay,
 * and the queue (whose connection may be stuck in a failed state) is closed and made afresh.
 */
export interface RelayTarget {
  readonly queue: Queue<RelayedPayload>;
  /** Closes the queue and its connection. */
  close(): Promise<void>;
}

export function startOutboxRelay(db: Database, makeTarget: () => RelayTarget, log: Logger, intervalMs = 50): { stop(): Promise<void> } {
  let stopped = false;
  let target: RelayTarget | null = null;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      target ??= makeTarget();
      while (!stopped && (await relayOutboxBatch(db, target.queue)) > 0) {
        // keep draining while there is work
      }
    } catch (error) {
      log.warn({ err: { message: (error as Error).message } }, 'outbox relay failed; rows stay for the next attempt');
      const broken = target;
      target = null;
      await broken?.close().catch(() => undefined);
    }
  };
  const timer = setInterval(() => {
    running = running.then(tick);
  }, intervalMs);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await target?.close();
    },
  };
}
