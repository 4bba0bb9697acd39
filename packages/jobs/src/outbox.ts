import { newId } from '@tandem/core';
import { readBacklog } from '@tandem/db';
import type { Backlog, EntityManager } from '@tandem/db';

/**
 * A notification intent, written in the same transaction as the change that causes it, so it
 * exists exactly when the change does. The worker's relay (follow-ups issue) moves it to BullMQ.
 * Payloads hold ids only, never PHI.
 */
export interface OutboxEvent {
  readonly tenantId: string;
  /** e.g. `note.mentioned` */
  readonly topic: string;
  readonly payload: Readonly<Record<string, string>>;
}

export async function writeOutbox(manager: EntityManager, event: OutboxEvent): Promise<string> {
  const id = newId();
  // clock_timestamp(), not now(): the row's time is when it was written, late in its transaction.
  await manager.query(`INSERT INTO outbox (tenant_id, id, topic, payload, created_at) VALUES ($1, $2, $3, $4, clock_timestamp())`, [event.tenantId, id, event.topic, event.payload]);
  return id;
}

/**
 * For the operators' gauges, across every clinic: outbox rows the relay has not yet moved to
 * BullMQ, and how long the oldest has waited (by the database's clock, which wrote them). Needs a
 * system transaction.
 */
export function outboxBacklog(m: EntityManager, now: Date): Promise<Backlog> {
  return readBacklog(m, `SELECT count(*)::int AS waiting, min(created_at) AS oldest FROM outbox WHERE relayed_at IS NULL`, now);
}
