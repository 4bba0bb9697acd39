import type { ColumnMap } from '@tandem/authz';
import type { EntityManager } from '@tandem/db';

export type EndpointStatus = 'ACTIVE' | 'DISABLED';
/** FAILING: the retry window ran out; BY_REQUEST: an admin or the partner switched it off. */
export type DisabledReason = 'FAILING' | 'BY_REQUEST';

export interface WebhookEndpointView {
  readonly id: string;
  readonly tenantId: string;
  readonly url: string;
  readonly eventTypes: string[];
  readonly status: EndpointStatus;
  readonly disabledReason: DisabledReason | null;
  readonly disabledAt: Date | null;
  readonly createdAt: Date;
}

export interface WebhookAttemptView {
  readonly id: string;
  readonly tenantId: string;
  readonly endpointId: string;
  /** The `webhook-id` the attempt carried (the delivery's id, the same on every retry). */
  readonly webhookId: string;
  readonly eventType: string;
  readonly attempt: number;
  readonly attemptedAt: Date;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
}

export const ENDPOINT_FIELDS = `e.id, e.tenant_id AS "tenantId", e.url, e.event_types AS "eventTypes", e.status, e.disabled_reason AS "disabledReason",
  e.disabled_at AS "disabledAt", e.created_at AS "createdAt"`;

export const ENDPOINT_COLUMNS: ColumnMap = { id: { column: 'e.id', type: 'uuid' }, tenantId: { column: 'e.tenant_id', type: 'uuid' } };

export const ATTEMPT_FIELDS = `a.id, a.tenant_id AS "tenantId", a.endpoint_id AS "endpointId", a.delivery_id AS "webhookId", d.event_type AS "eventType",
  a.attempt, a.attempted_at AS "attemptedAt", a.status_code AS "statusCode", a.error, a.duration_ms AS "durationMs"`;

export const ATTEMPT_COLUMNS: ColumnMap = { id: { column: 'a.id', type: 'uuid' }, tenantId: { column: 'a.tenant_id', type: 'uuid' } };

export async function findEndpoint(m: EntityManager, id: string): Promise<WebhookEndpointView | undefined> {
  const [row] = await m.query<WebhookEndpointView[]>(`SELECT ${ENDPOINT_FIELDS} FROM webhook_endpoint e WHERE e.id = $1`, [id]);
  return row;
}
