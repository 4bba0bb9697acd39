import { newId } from '@tandem/core';
import type { EntityManager } from '@tandem/db';

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
