import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantRuntime } from './tenant-rls';

/**
 * Follow-ups: tasks on a case with an assignee and a due time. A care rule's follow-up carries a
 * rule key, unique per clinic, so running a rule twice creates nothing twice. Overdue is derived
 * (open and past due), never stored.
 */
export class FollowUps1764700000000 implements MigrationInterface {
  name = 'FollowUps1764700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE follow_up (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        case_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('INTEGRATION_SESSION', 'POST_DOSE_CHECK_IN', 'MEASURE_DUE', 'CONSENT_RENEWAL', 'REMS_FORM_DUE', 'CUSTOM')),
        title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
        assignee_id uuid NOT NULL,
        due_at timestamptz NOT NULL,
        priority text NOT NULL CHECK (priority IN ('LOW', 'NORMAL', 'HIGH', 'URGENT')),
        status text NOT NULL CHECK (status IN ('OPEN', 'DONE', 'CANCELLED')),
        completion_note text,
        closed_at timestamptz,
        closed_by uuid,
        rule_key text,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, rule_key),
        FOREIGN KEY (tenant_id, case_id) REFERENCES clinical_case (tenant_id, id),
        FOREIGN KEY (tenant_id, assignee_id) REFERENCES membership (tenant_id, id),
        FOREIGN KEY (tenant_id, closed_by) REFERENCES membership (tenant_id, id)
      )`);
    await runner.query(`CREATE INDEX follow_up_mine ON follow_up (tenant_id, assignee_id, status, due_at)`);
    await runner.query(`CREATE INDEX follow_up_by_case ON follow_up (tenant_id, case_id, due_at)`);
    await enableTenantRls(runner, 'follow_up');
    await grantRuntime(runner, 'follow_up', ['SELECT', 'INSERT', 'UPDATE']);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE follow_up`);
  }
}
