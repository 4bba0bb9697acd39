import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ROLES } from '../roles';
import { enableTenantRls } from './tenant-rls';

/**
 * The audit trail's table, append-only for the runtime role (INSERT only: no UPDATE, no DELETE,
 * enforced by the database). Note reads are recorded now; the audit issue adds the hash chain,
 * the other subjects, denied attempts and review.
 */
export class Audit1764500000000 implements MigrationInterface {
  name = 'Audit1764500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE audit_event (
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        id uuid NOT NULL,
        occurred_at timestamptz NOT NULL,
        actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'partner', 'anonymous')),
        actor_id uuid,
        action text NOT NULL CHECK (action ~ '^[a-z]+$'),
        subject_type text NOT NULL,
        subject_id uuid NOT NULL,
        case_id uuid,
        fields text[] NOT NULL DEFAULT '{}',
        outcome text NOT NULL CHECK (outcome IN ('ALLOWED', 'DENIED')),
        request_id text NOT NULL,
        ip text,
        user_agent text,
        PRIMARY KEY (tenant_id, id)
      )`);
    await runner.query(`CREATE INDEX audit_event_subject ON audit_event (tenant_id, subject_type, subject_id, occurred_at)`);
    await enableTenantRls(runner, 'audit_event');
    await runner.query(`GRANT INSERT ON audit_event TO ${ROLES.runtime}`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE audit_event`);
  }
}
