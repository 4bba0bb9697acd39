import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantRuntime } from './tenant-rls';

/**
 * The supervision log (docs/credentials.md): consultation and supervision hours between a trainee
 * and a qualified supervisor, logged by either and confirmed by the other. Confirmed hours count
 * towards the clinic's programme hours. Entries are never deleted: they are evidence of how a
 * facilitator came to be cleared.
 */
export class SupervisionLog1765700000000 implements MigrationInterface {
  name = 'SupervisionLog1765700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE supervision_session (
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        id uuid NOT NULL,
        trainee_id uuid NOT NULL,
        supervisor_id uuid NOT NULL,
        logged_by uuid NOT NULL,
        held_on date NOT NULL,
        hours numeric(4, 2) NOT NULL CHECK (hours > 0 AND hours <= 12),
        kind text NOT NULL CHECK (kind IN ('CONSULTATION', 'SUPERVISION')),
        modules text[] NOT NULL DEFAULT '{}',
        note text CHECK (length(note) <= 1000),
        confirmed_by uuid,
        confirmed_at timestamptz,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, trainee_id) REFERENCES membership (tenant_id, id),
        FOREIGN KEY (tenant_id, supervisor_id) REFERENCES membership (tenant_id, id),
        FOREIGN KEY (tenant_id, logged_by) REFERENCES membership (tenant_id, id),
        FOREIGN KEY (tenant_id, confirmed_by) REFERENCES membership (tenant_id, id),
        CHECK (trainee_id <> supervisor_id),
        CHECK (logged_by IN (trainee_id, supervisor_id)),
        CHECK ((confirmed_by IS NULL) = (confirmed_at IS NULL)),
        -- The other party confirms: no one vouches for their own entry.
        CHECK (confirmed_by IS NULL OR (confirmed_by IN (trainee_id, supervisor_id) AND confirmed_by <> logged_by))
      )`);
    // A member's log reads by either side; readiness reads a trainee's confirmed hours.
    await runner.query(`CREATE INDEX supervision_by_trainee ON supervision_session (tenant_id, trainee_id, id)`);
    await runner.query(`CREATE INDEX supervision_by_supervisor ON supervision_session (tenant_id, supervisor_id, id)`);
    await enableTenantRls(runner, 'supervision_session');
    await grantRuntime(runner, 'supervision_session', ['SELECT', 'INSERT', 'UPDATE']);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE supervision_session`);
  }
}
