import { newId } from '@tandem/core';
import type { Clock } from '@tandem/core';
import type { Database } from '@tandem/db';
import { QueueName } from '@tandem/jobs';
import type { EventHandler, JobQueues, RelayedPayload } from '@tandem/jobs';
import type { WebhookDeliveryJob } from './deliver-webhook.job';
import { WEBHOOK_TOPICS, partnerEventOf } from './event-types';
import { WEBHOOK_BACKOFF, totalAttempts } from './retry-schedule';

/**
 * Turns a relayed outbox event into one delivery per active endpoint subscribed to its type, and
 * one job per delivery (job id = delivery id). A redelivered event inserts nothing twice (the pair
 * is unique) and re-adds the jobs of deliveries still pending, which is a no-op for jobs that
 * exist: so a crash between the commit and the enqueue loses nothing.
 */
export function webhookDispatchHandler(db: Database, queues: JobQueues, clock: Clock, retryScheduleMs: readonly number[]): EventHandler {
  return {
    topics: WEBHOOK_TOPICS,
    async handle(payload: RelayedPayload) {
      const event = partnerEventOf(payload.topic, payload.ids);
      if (!event) return;
      const pending = await db.withTenant({ tenantId: payload.tenantId }, async (m) => {
        const [outbox] = await m.query<{ created_at: Date }[]>(`SELECT created_at FROM outbox WHERE id = $1`, [payload.outboxId]);
        const endpoints = await m.query<{ id: string }[]>(`SELECT id FROM webhook_endpoint WHERE status = 'ACTIVE' AND $1 = ANY(event_types)`, [event.type]);
        for (const endpoint of endpoints) {
          await m.query(
            `INSERT INTO webhook_delivery (tenant_id, id, endpoint_id, outbox_id, event_type, event_at, data, status, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING', $8) ON CONFLICT (tenant_id, endpoint_id, outbox_id) DO NOTHING`,
            [payload.tenantId, newId(), endpoint.id, payload.outboxId, event.type, outbox?.created_at ?? clock.now(), event.data, clock.now()],
          );
        }
        return m.query<{ id: string; event_type: string }[]>(`SELECT id, event_type FROM webhook_delivery WHERE outbox_id = $1 AND status = 'PENDING'`, [payload.outboxId]);
      });
      for (const delivery of pending) {
        await queues.add<WebhookDeliveryJob>(QueueName.Webhooks, {
          name: delivery.event_type,
          id: delivery.id,
          data: { tenantId: payload.tenantId, requestId: payload.requestId, deliveryId: delivery.id },
          options: { attempts: totalAttempts(retryScheduleMs), backoff: { type: WEBHOOK_BACKOFF } },
        });
      }
    },
  };
}
