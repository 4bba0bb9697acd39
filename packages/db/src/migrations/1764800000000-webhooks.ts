import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantRuntime } from './tenant-rls';

/**
 * Partner webhooks (Standard Webhooks). An endpoint keeps its signing secret sealed with the data
 * encryption key (it must be read back to sign, so it cannot be hashed). A delivery is one outbox
 * event for one endpoint, unique, so a redelivered event makes no second delivery; its id is the
 * stable `webhook-id` receivers dedupe on. Every HTTP attempt is kept for the clinic's admins.
 */
export class Webhooks1764800000000 implements MigrationInterface {
  name = 'Webhooks1764800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE webhook_endpoint (
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        id uuid NOT NULL,
        url text NOT NULL CHECK (length(url) BETWEEN 1 AND 2048),
        event_types text[] NOT NULL CHECK (cardinality(event_types) > 0),
        secret_sealed text NOT NULL,
        status text NOT NULL CHECK (status IN ('ACTIVE', 'DISABLED')),
        disabled_reason text CHECK (disabled_reason IN ('FAILING', 'BY_REQUEST')),
        disabled_at timestamptz,
        created_by_api_key uuid,
        created_by_member uuid,
        created_at timestamptz NOT NULL,
        secret_rotated_at timestamptz,
        PRIMARY KEY (tenant_id, id),
        CHECK (num_nonnulls(created_by_api_key, created_by_member) = 1),
        CHECK ((status = 'DISABLED') = (disabled_reason IS NOT NULL AND disabled_at IS NOT NULL)),
        FOREIGN KEY (tenant_id, created_by_api_key) REFERENCES api_key (tenant_id, id),
        FOREIGN KEY (tenant_id, created_by_member) REFERENCES membership (tenant_id, id)
      )`);
    await enableTenantRls(runner, 'webhook_endpoint');
    await grantRuntime(runner, 'webhook_endpoint', ['SELECT', 'INSERT', 'UPDATE']);

    // outbox_id has no foreign key: outbox rows may be pruned once relayed, deliveries stay.
    await runner.query(`
      CREATE TABLE webhook_delivery (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        endpoint_id uuid NOT NULL,
        outbox_id uuid NOT NULL,
        event_type text NOT NULL,
        event_at timestamptz NOT NULL,
        data jsonb NOT NULL CHECK (jsonb_typeof(data) = 'object'),
        status text NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
        attempts int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at timestamptz,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, endpoint_id, outbox_id),
        FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoint (tenant_id, id)
      )`);
    await runner.query(`CREATE INDEX webhook_delivery_by_event ON webhook_delivery (tenant_id, outbox_id)`);
    await enableTenantRls(runner, 'webhook_delivery');
    await grantRuntime(runner, 'webhook_delivery', ['SELECT', 'INSERT', 'UPDATE']);

    await runner.query(`
      CREATE TABLE webhook_attempt (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        endpoint_id uuid NOT NULL,
        delivery_id uuid NOT NULL,
        attempt int NOT NULL CHECK (attempt >= 1),
        attempted_at timestamptz NOT NULL,
        duration_ms int NOT NULL CHECK (duration_ms >= 0),
        status_code int,
        error text,
        PRIMARY KEY (tenant_id, id),
        CHECK (num_nonnulls(status_code, error) >= 1),
        FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoint (tenant_id, id),
        FOREIGN KEY (tenant_id, delivery_id) REFERENCES webhook_delivery (tenant_id, id)
      )`);
    await runner.query(`CREATE INDEX webhook_attempt_by_endpoint ON webhook_attempt (tenant_id, endpoint_id, id)`);
    await runner.query(`CREATE INDEX webhook_attempt_by_delivery ON webhook_attempt (tenant_id, delivery_id)`);
    await enableTenantRls(runner, 'webhook_attempt');
    await grantRuntime(runner, 'webhook_attempt', ['SELECT', 'INSERT']);

    // The clinic's admins hear when an endpoint is disabled after failing for the whole retry window.
    await runner.query(`ALTER TABLE notification DROP CONSTRAINT notification_kind_check`);
    await runner.query(`ALTER TABLE notification ADD CONSTRAINT notification_kind_check CHECK (kind IN ('MENTION', 'SAFETY_ALERT', 'WEBHOOK_DISABLED'))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM notification WHERE kind = 'WEBHOOK_DISABLED'`);
    await runner.query(`ALTER TABLE notification DROP CONSTRAINT notification_kind_check`);
    await runner.query(`ALTER TABLE notification ADD CONSTRAINT notification_kind_check CHECK (kind IN ('MENTION', 'SAFETY_ALERT'))`);
    for (const table of ['webhook_attempt', 'webhook_delivery', 'webhook_endpoint']) await runner.query(`DROP TABLE ${table}`);
  }
}
