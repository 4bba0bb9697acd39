import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cheaper audit appends: drops the foreign key every audit_event INSERT paid for row by row.
 * In the partner sync, a request that appends about 400 audit rows in one INSERT, PostgreSQL
 * spent about 10 ms on that INSERT: about 1.7 ms on the foreign key, about 0.9 ms on each
 * secondary index.
 *
 * - `audit_event_tenant_id_fkey` (tenant_id REFERENCES tenant): checked row by row, and each check
 *   takes a FOR KEY SHARE lock on the clinic's tenant row, which concurrent requests share as
 *   multixacts. It checks nothing that is not already checked where the tenant id comes from:
 *   - as the runtime role, RLS's WITH CHECK admits only `tenant_id = app.current_tenant()`, the
 *     tenant withTenant set from the verified principal (authentication reads the session or API
 *     key joined to its tenant row). That covers recordReads and recordDenials (services/audit),
 *     which insert `ctx.tenantId` in a withTenant transaction;
 *   - the write triggers (app.audit_append, audit-write-triggers.ts) copy tenant_id from the
 *     changed rows, and every audited table reaches tenant through NOT NULL foreign keys
 *     (tenant_id, …_id). That holds under asSystem too (the sweeps, the relay, fixtures and the
 *     benchmark seed), where BYPASSRLS skips the WITH CHECK: the statement that changed the rows
 *     fails on its own keys, and its events with it;
 *   - no asSystem path inserts into audit_event itself or calls app.audit_append directly (one that
 *     ever does must take its tenant id from a row that references tenant);
 *   - a clinic with events is never deleted: only the owner may DELETE FROM tenant, nothing does,
 *     and its memberships and API keys, which no other role may delete either, reference it.
 * The secondary indexes stay: each costs about 0.9 ms per 400 rows, but each serves a review
 * query (docs/audit.md, "Keys and indexes"). `audit_event_subject` looked unused (no query looks
 * events up by subject_id) but is what a `subjectType` filter on a rare type reads: without it,
 * 35 ms instead of 0.2 ms on 400,000 events, growing with the trail.
 *
 * The drop neither rewrites nor scans the table. The previous version does not need the key, so it runs on this
 * schema (docs/operations.md, expand / contract). `down` restores it; on a large table it
 * re-validates every event, so run it at a quiet hour.
 */
export class AuditNoTenantKey1766200000000 implements MigrationInterface {
  name = 'AuditNoTenantKey1766200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE audit_event DROP CONSTRAINT audit_event_tenant_id_fkey`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE audit_event ADD CONSTRAINT audit_event_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (id)`);
  }
}
