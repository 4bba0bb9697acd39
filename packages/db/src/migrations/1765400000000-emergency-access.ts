import type { MigrationInterface, QueryRunner } from 'typeorm';
import { NOTIFICATION_KINDS } from './1765000000000-notification-channels';
import { enableTenantRls, grantRuntime } from './tenant-rls';

const KIND_CHECKS = ['notification', 'notification_preference', 'email_delivery'] as const;

/**
 * Emergency access ("break the glass", docs/emergency-access.md): an off-team clinician's
 * time-limited read of one case, with the written reason, until an admin reviews it. Grants are
 * never deleted (they are the record of who reached past the care team); a review fills the
 * review columns once.
 */
export class EmergencyAccess1765400000000 implements MigrationInterface {
  name = 'EmergencyAccess1765400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE emergency_access (
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        id uuid NOT NULL,
        case_id uuid NOT NULL,
        membership_id uuid NOT NULL,
        reason text NOT NULL CHECK (length(reason) BETWEEN 20 AND 2000),
        granted_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL CHECK (expires_at > granted_at),
        review_outcome text CHECK (review_outcome IN ('ACCEPTED', 'FLAGGED')),
        reviewed_by uuid,
        reviewed_at timestamptz,
        review_note text CHECK (length(review_note) <= 2000),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, case_id) REFERENCES clinical_case (tenant_id, id),
        FOREIGN KEY (tenant_id, membership_id) REFERENCES membership (tenant_id, id),
        FOREIGN KEY (tenant_id, reviewed_by) REFERENCES membership (tenant_id, id),
        CHECK ((review_outcome IS NULL) = (reviewed_by IS NULL) AND (review_outcome IS NULL) = (reviewed_at IS NULL))
      )`);
    // Authentication reads a member's unexpired grants on every request; the case lists its grants.
    await runner.query(`CREATE INDEX emergency_access_by_member ON emergency_access (tenant_id, membership_id, expires_at)`);
    await runner.query(`CREATE INDEX emergency_access_by_case ON emergency_access (tenant_id, case_id, id)`);
    await runner.query(`CREATE INDEX emergency_access_pending ON emergency_access (tenant_id, id) WHERE review_outcome IS NULL`);
    await enableTenantRls(runner, 'emergency_access');
    await grantRuntime(runner, 'emergency_access', ['SELECT', 'INSERT', 'UPDATE']);
    await allowKinds(runner, [...NOTIFICATION_KINDS, 'EMERGENCY_ACCESS']);
  }

  async down(runner: QueryRunner): Promise<void> {
    await allowKinds(runner, NOTIFICATION_KINDS);
    await runner.query(`DROP TABLE emergency_access`);
  }
}

/** The care team and admins hear of a grant through a notification kind of its own. */
async function allowKinds(runner: QueryRunner, kinds: readonly string[]): Promise<void> {
  const list = kinds.map((k) => `'${k}'`).join(', ');
  for (const table of KIND_CHECKS) {
    await runner.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_kind_check`);
    await runner.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_kind_check CHECK (kind IN (${list}))`);
  }
}
