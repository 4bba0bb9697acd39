import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantRuntime } from './tenant-rls';

/**
 * Clinician credentials (docs/credentials.md): licences, DEA registrations, KAP training and the
 * rest, kept by the member and verified by an admin; and the clinic's training programme per
 * role. Credentials are never deleted: a verified credential is evidence of who was allowed to
 * dose whom. Editing one clears its verification (the service does it).
 */
export class Credentials1765600000000 implements MigrationInterface {
  name = 'Credentials1765600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE credential (
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        id uuid NOT NULL,
        membership_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('LICENSE', 'DEA_REGISTRATION', 'KAP_TRAINING', 'BLS', 'ACLS', 'SUPERVISION_AGREEMENT', 'OTHER')),
        issuer text CHECK (length(issuer) <= 200),
        number text CHECK (length(number) <= 40),
        jurisdiction text CHECK (jurisdiction ~ '^[A-Z]{2}$'),
        issued_on date NOT NULL,
        expires_on date CHECK (expires_on > issued_on),
        hours numeric(6, 2) CHECK (hours > 0 AND hours <= 2000),
        modules text[] NOT NULL DEFAULT '{}',
        other_modules text CHECK (length(other_modules) <= 500),
        document_ref text CHECK (length(document_ref) <= 500),
        verified_by uuid,
        verified_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, membership_id) REFERENCES membership (tenant_id, id),
        FOREIGN KEY (tenant_id, verified_by) REFERENCES membership (tenant_id, id),
        CHECK ((verified_by IS NULL) = (verified_at IS NULL)),
        CHECK (verified_by IS NULL OR verified_by <> membership_id)
      )`);
    // Readiness and the roster read a member's credentials; expiry reminders scan by date.
    await runner.query(`CREATE INDEX credential_by_member ON credential (tenant_id, membership_id, id)`);
    await runner.query(`CREATE INDEX credential_by_expiry ON credential (tenant_id, expires_on) WHERE expires_on IS NOT NULL`);
    await enableTenantRls(runner, 'credential');
    await grantRuntime(runner, 'credential', ['SELECT', 'INSERT', 'UPDATE']);

    await runner.query(`
      CREATE TABLE training_programme (
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        role text NOT NULL CHECK (role IN ('FACILITATOR', 'PRESCRIBER', 'MONITORING_NURSE')),
        modules text[] NOT NULL,
        min_hours numeric(6, 2) NOT NULL CHECK (min_hours >= 0 AND min_hours <= 2000),
        updated_by uuid,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, role),
        FOREIGN KEY (tenant_id, updated_by) REFERENCES membership (tenant_id, id)
      )`);
    await enableTenantRls(runner, 'training_programme');
    await grantRuntime(runner, 'training_programme', ['SELECT', 'INSERT', 'UPDATE']);

    // The dose gate needs a licence in the patient's state; existing patients have none on record.
    await runner.query(`ALTER TABLE patient ADD COLUMN state text CHECK (state ~ '^[A-Z]{2}$')`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE patient DROP COLUMN state`);
    await runner.query(`DROP TABLE training_programme`);
    await runner.query(`DROP TABLE credential`);
  }
}
