import type { SecretBox } from '@tandem/accounts';
import { abilityOf, accessibleWhere, assertCan, visibleOrNotFound } from '@tandem/authz';
import { BadUserInputError, NotFoundError, isUuid, newId } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import type { Database, EntityManager } from '@tandem/db';
import { afterId, toPage } from '@tandem/graphql';
import type { Page, PageRequest } from '@tandem/graphql';
import { WEBHOOK_EVENT_TYPES, isWebhookEventType } from './event-types';
import { newWebhookSecret } from './signing';
import { WebhookUrlRefused, parseWebhookUrl, permittedAddresses } from './ssrf-guard';
import type { NetworkPolicy, Resolver } from './ssrf-guard';
import { ATTEMPT_COLUMNS, ATTEMPT_FIELDS, ENDPOINT_COLUMNS, ENDPOINT_FIELDS, findEndpoint } from './webhook-records';
import type { WebhookAttemptView, WebhookEndpointView } from './webhook-records';

export const MAX_ENDPOINTS_PER_CLINIC = 20;

export interface RegisterEndpointInput {
  readonly url: string;
  readonly eventTypes: readonly string[];
}

/** An endpoint with its signing secret, which is shown this once (at registration or rotation). */
export interface EndpointWithSecret {
  readonly endpoint: WebhookEndpointView;
  readonly secret: string;
}

/**
 * Partner webhook endpoints: a key with `webhooks:manage` registers them and rotates their secrets;
 * the clinic's admins see every attempt and switch an endpoint off or on. Secrets are sealed at
 * rest with the data encryption key: they must be read back to sign, so they cannot be hashed.
 */
export class WebhookEndpointService {
  constructor(
    private readonly db: Database,
    private readonly secrets: SecretBox,
    private readonly network: NetworkPolicy,
    private readonly resolve?: Resolver,
  ) {}

  async register(ctx: RequestContext, input: RegisterEndpointInput): Promise<EndpointWithSecret> {
    const eventTypes = validEventTypes(input.eventTypes);
    const url = await this.vettedUrl(input.url);
    const secret = newWebhookSecret();
    return this.db.withTenant(ctx, async (m) => {
      const tenantId = ctx.tenantId ?? '';
      assertCan(ctx, 'create', 'WebhookEndpoint', { tenantId });
      // Serialises registrations of one clinic, so two at once cannot pass the limit together.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('webhook_endpoint'), hashtext($1))`, [tenantId]);
      const [{ n }] = await m.query<[{ n: number }]>(`SELECT count(*)::int AS n FROM webhook_endpoint`);
      if (n >= MAX_ENDPOINTS_PER_CLINIC) throw new BadUserInputError('url', `A clinic may register at most ${MAX_ENDPOINTS_PER_CLINIC} webhook endpoints`);
      const id = newId();
      const { principal } = ctx;
      await m.query(
        `INSERT INTO webhook_endpoint (tenant_id, id, url, event_types, secret_sealed, status, created_by_api_key, created_by_member, created_at)
         VALUES ($1, $2, $3, $4, $5, 'ACTIVE', $6, $7, $8)`,
        [tenantId, id, url, eventTypes, this.secrets.seal(secret), principal.kind === 'partner' ? principal.apiKeyId : null, principal.kind === 'user' ? principal.membershipId : null, ctx.clock.now()],
      );
      return { endpoint: await load(m, id), secret };
    });
  }

  async list(ctx: RequestContext, page: PageRequest): Promise<Page<WebhookEndpointView>> {
    const after = afterId(page);
    const visible = accessibleWhere(abilityOf(ctx), 'read', 'WebhookEndpoint', ENDPOINT_COLUMNS, 2);
    const rows = await this.db.withTenant(ctx, (m) =>
      m.query<WebhookEndpointView[]>(`SELECT ${ENDPOINT_FIELDS} FROM webhook_endpoint e WHERE ($1::uuid IS NULL OR e.id > $1) AND ${visible.sql} ORDER BY e.id LIMIT $2`, [
        after,
        page.first + 1,
        ...visible.params,
      ]),
    );
    return toPage(rows, page.first);
  }

  /** Every HTTP attempt at an endpoint, newest first. */
  async attempts(ctx: RequestContext, endpointId: string, page: PageRequest): Promise<Page<WebhookAttemptView>> {
    const after = afterId(page);
    const visible = accessibleWhere(abilityOf(ctx), 'read', 'WebhookAttempt', ATTEMPT_COLUMNS, 3);
    return this.db.withTenant(ctx, async (m) => {
      const endpoint = visibleOrNotFound(ctx, 'WebhookEndpoint', isUuid(endpointId) ? await findEndpoint(m, endpointId) : undefined);
      const rows = await m.query<WebhookAttemptView[]>(
        `SELECT ${ATTEMPT_FIELDS} FROM webhook_attempt a JOIN webhook_delivery d ON d.tenant_id = a.tenant_id AND d.id = a.delivery_id
         WHERE a.endpoint_id = $1 AND ($2::uuid IS NULL OR a.id < $2) AND ${visible.sql} ORDER BY a.id DESC LIMIT $3`,
        [endpoint.id, after, page.first + 1, ...visible.params],
      );
      return toPage(rows, page.first);
    });
  }

  async disable(ctx: RequestContext, id: string): Promise<WebhookEndpointView> {
    return this.change(ctx, id, 'update', (m, endpoint) =>
      m.query(`UPDATE webhook_endpoint SET status = 'DISABLED', disabled_reason = 'BY_REQUEST', disabled_at = $2 WHERE id = $1 AND status = 'ACTIVE'`, [endpoint.id, ctx.clock.now()]),
    );
  }

  /** Back on: later events are delivered again (events while it was off are not replayed). */
  async enable(ctx: RequestContext, id: string): Promise<WebhookEndpointView> {
    return this.change(ctx, id, 'update', (m, endpoint) =>
      m.query(`UPDATE webhook_endpoint SET status = 'ACTIVE', disabled_reason = NULL, disabled_at = NULL WHERE id = $1`, [endpoint.id]),
    );
  }

  /** A new secret replaces the old at once; deliveries signed from now on use it. */
  async rotateSecret(ctx: RequestContext, id: string): Promise<EndpointWithSecret> {
    const secret = newWebhookSecret();
    const endpoint = await this.change(ctx, id, 'rotate', (m, e) =>
      m.query(`UPDATE webhook_endpoint SET secret_sealed = $2, secret_rotated_at = $3 WHERE id = $1`, [e.id, this.secrets.seal(secret), ctx.clock.now()]),
    );
    return { endpoint, secret };
  }

  private async change(ctx: RequestContext, id: string, action: 'update' | 'rotate', apply: (m: EntityManager, endpoint: WebhookEndpointView) => Promise<unknown>): Promise<WebhookEndpointView> {
    return this.db.withTenant(ctx, async (m) => {
      const endpoint = visibleOrNotFound(ctx, 'WebhookEndpoint', isUuid(id) ? await findEndpoint(m, id) : undefined);
      assertCan(ctx, action, 'WebhookEndpoint', endpoint);
      await apply(m, endpoint);
      return load(m, endpoint.id);
    });
  }

  private async vettedUrl(raw: string): Promise<string> {
    try {
      const url = parseWebhookUrl(raw, this.network);
      await permittedAddresses(url, this.network, this.resolve);
      return url.href;
    } catch (error) {
      if (error instanceof WebhookUrlRefused) throw new BadUserInputError('url', error.message);
      throw error;
    }
  }
}

function validEventTypes(eventTypes: readonly string[]): string[] {
  if (eventTypes.length === 0) throw new BadUserInputError('eventTypes', 'Name at least one event type');
  const unknown = eventTypes.find((type) => !isWebhookEventType(type));
  if (unknown !== undefined) throw new BadUserInputError('eventTypes', `Unknown event type; known: ${WEBHOOK_EVENT_TYPES.join(', ')}`);
  return [...new Set(eventTypes)];
}

async function load(m: EntityManager, id: string): Promise<WebhookEndpointView> {
  const endpoint = await findEndpoint(m, id);
  if (!endpoint) throw new NotFoundError('WebhookEndpoint');
  return endpoint;
}
