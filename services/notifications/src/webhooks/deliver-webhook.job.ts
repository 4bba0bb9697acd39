import type { SecretBox } from '@tandem/accounts';
import { newId } from '@tandem/core';
import type { Clock } from '@tandem/core';
import type { Database, EntityManager } from '@tandem/db';
import { QueueName } from '@tandem/jobs';
import type { JobPayload, JobProcessor } from '@tandem/jobs';
import { UnrecoverableError } from 'bullmq';
import type { Job } from 'bullmq';
import { postWebhook } from './post-webhook';
import type { AttemptResult } from './post-webhook';
import { STANDARD_RETRY_SCHEDULE_MS, retryDelayMs, totalAttempts } from './retry-schedule';
import { webhookHeaders } from './signing';
import type { Resolver } from './ssrf-guard';
import { notifyAdminsEndpointDisabled } from './webhook-disabled-inbox';

/** A delivery job: ids only. The event's ids are loaded from the delivery row. */
export interface WebhookDeliveryJob extends JobPayload {
  readonly deliveryId: string;
}

export interface WebhookDeliverySettings {
  /** WEBHOOKS_ALLOW_PRIVATE_NETWORKS: tests and local development only. */
  readonly allowPrivateNetworks: boolean;
  /** Delays before each retry; tests pass milliseconds. */
  readonly retryScheduleMs: readonly number[];
  readonly timeoutMs: number;
  readonly resolve?: Resolver;
}

export const DEFAULT_DELIVERY_SETTINGS: Omit<WebhookDeliverySettings, 'allowPrivateNetworks'> = { retryScheduleMs: STANDARD_RETRY_SCHEDULE_MS, timeoutMs: 10_000 };

interface Target {
  readonly endpointId: string;
  readonly url: string;
  readonly secretSealed: string;
  readonly endpointStatus: string;
  readonly status: string;
  readonly eventType: string;
  readonly eventAt: Date;
  readonly data: Record<string, string>;
}

class WebhookAttemptFailed extends Error {
  constructor(result: AttemptResult) {
    super(result.error ?? `HTTP ${result.statusCode ?? 0}`);
    this.name = 'WebhookAttemptFailed';
  }
}

/**
 * Sends one delivery, signed, and records the attempt. A non-2xx answer (or none) fails the job,
 * and BullMQ retries it after the schedule's next delay; when the schedule is spent the delivery
 * is FAILED, the endpoint DISABLED, and the clinic's admins are told in their inbox.
 */
export function webhookDeliveryProcessor(db: Database, secrets: SecretBox, clock: Clock, settings: WebhookDeliverySettings): JobProcessor<WebhookDeliveryJob> {
  const attemptsInAll = totalAttempts(settings.retryScheduleMs);
  return {
    queue: QueueName.Webhooks,
    concurrency: 8,
    backoffStrategy: (attemptsMade: number) => retryDelayMs(settings.retryScheduleMs, attemptsMade),
    async process(job: Job<WebhookDeliveryJob>) {
      const scope = { tenantId: job.data.tenantId };
      const { deliveryId } = job.data;
      const target = await db.withTenant(scope, (m) => loadTarget(m, deliveryId));
      if (!target || target.status !== 'PENDING') return;
      if (target.endpointStatus !== 'ACTIVE') {
        // Switched off meanwhile: the event is not sent (re-enabling does not replay it).
        await db.withTenant(scope, (m) => m.query(`UPDATE webhook_delivery SET status = 'FAILED', next_attempt_at = NULL WHERE id = $1`, [deliveryId]));
        return;
      }
      const attempt = job.attemptsMade + 1;
      const sentAt = clock.now();
      const body = JSON.stringify({ type: target.eventType, timestamp: target.eventAt.toISOString(), data: target.data });
      const result = await postWebhook(target.url, webhookHeaders(secrets.open(target.secretSealed), deliveryId, sentAt, body), body, settings);
      const delivered = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
      const exhausted = !delivered && attempt >= attemptsInAll;
      await db.withTenant(scope, async (m) => {
        await m.query(
          `INSERT INTO webhook_attempt (tenant_id, id, endpoint_id, delivery_id, attempt, attempted_at, duration_ms, status_code, error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [scope.tenantId, newId(), target.endpointId, deliveryId, attempt, sentAt, result.durationMs, result.statusCode, result.error],
        );
        const status = delivered ? 'DELIVERED' : exhausted ? 'FAILED' : 'PENDING';
        const next = status === 'PENDING' ? new Date(clock.now().getTime() + retryDelayMs(settings.retryScheduleMs, attempt)) : null;
        await m.query(`UPDATE webhook_delivery SET status = $2, attempts = $3, next_attempt_at = $4 WHERE id = $1`, [deliveryId, status, attempt, next]);
        if (exhausted) await disableFailingEndpoint(m, scope.tenantId, target.endpointId, deliveryId, clock.now());
      });
      if (exhausted) throw new UnrecoverableError('webhook retry window exhausted; endpoint disabled');
      if (!delivered) throw new WebhookAttemptFailed(result);
    },
  };
}


async function loadTarget(m: EntityManager, deliveryId: string): Promise<Target | undefined> {
  const [row] = await m.query<Target[]>(
    `SELECT d.endpoint_id AS "endpointId", e.url, e.secret_sealed AS "secretSealed", e.status AS "endpointStatus", d.status, d.event_type AS "eventType",
       d.event_at AS "eventAt", d.data
     FROM webhook_delivery d JOIN webhook_endpoint e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id WHERE d.id = $1`,
    [deliveryId],
  );
  return row;
}

/** Disables the endpoint if it is still active; only the delivery that switches it off tells the admins. */
async function disableFailingEndpoint(m: EntityManager, tenantId: string, endpointId: string, deliveryId: string, at: Date): Promise<void> {
  const flipped = await m.query<{ id: string }[]>(
    `UPDATE webhook_endpoint SET status = 'DISABLED', disabled_reason = 'FAILING', disabled_at = $2 WHERE id = $1 AND status = 'ACTIVE' RETURNING id`,
    [endpointId, at],
  );
  if (flipped.length > 0) await notifyAdminsEndpointDisabled(m, { tenantId, endpointId, deliveryId });
}
