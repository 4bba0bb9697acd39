import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ROLES } from '../roles';
import { createSettingFunction, enableTenantRls, grantRuntime } from './tenant-rls';

const CLINIC_ROLES = `ARRAY['ADMIN','PRESCRIBER','THERAPIST','NURSE','STAFF']::text[]`;
const API_SCOPES = `ARRAY['tenant:read','members:read','cases:read','measures:read','sessions:read','notes:read','followups:read','webhooks:manage']::text[]`;

/**
 * Accounts: global users, tenant memberships with roles, sessions with rotating refresh
 * tokens, invitations, partner API keys, MFA recovery codes, and tenant settings.
 * Secrets are stored only as hashes; opaque tokens carry their tenant and row id so that they
 * are checked under that tenant's RLS, not through the system path.
 */
export class Accounts1763900000000 implements MigrationInterface {
  name = 'Accounts1763900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE tenant ADD COLUMN settings jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(settings) = 'object')`);
    await runner.query(`ALTER TABLE tenant ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await createSettingFunction(runner, 'current_user_id', 'app.user_id');

    await this.users(runner);
    await this.memberships(runner);
    await this.sessions(runner);
    await this.invitations(runner);
    await this.apiKeys(runner);
  }

  private async users(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY,
        email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
        display_name text NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 200),
        password_hash text NOT NULL,
        platform_admin boolean NOT NULL DEFAULT false,
        mfa_secret_encrypted text,
        mfa_enabled_at timestamptz,
        mfa_last_step bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE UNIQUE INDEX app_user_email ON app_user (email)`);
    await runner.query(`
      CREATE TABLE mfa_recovery_code (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES app_user (id),
        code_hash bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz
      )`);
    await runner.query(`CREATE INDEX mfa_recovery_code_user ON mfa_recovery_code (user_id)`);
    await runner.query(`GRANT SELECT, INSERT, UPDATE ON app_user TO ${ROLES.runtime}`);
    await runner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON mfa_recovery_code TO ${ROLES.runtime}`);
  }

  private async memberships(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE membership (
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES app_user (id),
        roles text[] NOT NULL CHECK (roles <@ ${CLINIC_ROLES}),
        outside_collaborator boolean NOT NULL DEFAULT false,
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'DEACTIVATED')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deactivated_at timestamptz,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, user_id),
        CHECK (cardinality(roles) > 0),
        -- an outside collaborator is a clinician admitted to named cases: never admin or staff
        CHECK (NOT outside_collaborator OR NOT (roles && ARRAY['ADMIN','STAFF']::text[]))
      )`);
    await enableTenantRls(runner, 'membership');
    await grantRuntime(runner, 'membership', ['SELECT', 'INSERT', 'UPDATE']);
    // Users are global. A request sees its own user row and the users of its tenant's members.
    await runner.query(`ALTER TABLE app_user ENABLE ROW LEVEL SECURITY`);
    await runner.query(`ALTER TABLE app_user FORCE ROW LEVEL SECURITY`);
    await runner.query(`
      CREATE POLICY self_or_colleague ON app_user
      USING (id = app.current_user_id()
             OR EXISTS (SELECT 1 FROM membership m WHERE m.user_id = app_user.id AND m.tenant_id = app.current_tenant()))
      WITH CHECK (id = app.current_user_id())`);
    await runner.query(`ALTER TABLE mfa_recovery_code ENABLE ROW LEVEL SECURITY`);
    await runner.query(`ALTER TABLE mfa_recovery_code FORCE ROW LEVEL SECURITY`);
    await runner.query(`CREATE POLICY own_codes ON mfa_recovery_code USING (user_id = app.current_user_id()) WITH CHECK (user_id = app.current_user_id())`);
  }

  private async sessions(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE auth_session (
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        id uuid NOT NULL,
        membership_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES app_user (id),
        mfa_verified boolean NOT NULL,
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        idle_expires_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text CHECK (revoked_reason IN ('SIGNED_OUT', 'REFRESH_TOKEN_REUSED', 'MEMBER_DEACTIVATED', 'SWITCHED_TENANT')),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, membership_id) REFERENCES membership (tenant_id, id)
      )`);
    await runner.query(`CREATE INDEX auth_session_membership ON auth_session (tenant_id, membership_id) WHERE revoked_at IS NULL`);
    await enableTenantRls(runner, 'auth_session');
    await grantRuntime(runner, 'auth_session', ['SELECT', 'INSERT', 'UPDATE']);
    await runner.query(`
      CREATE TABLE refresh_token (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        session_id uuid NOT NULL,
        secret_hash bytea NOT NULL,
        created_at timestamptz NOT NULL,
        rotated_at timestamptz,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, session_id) REFERENCES auth_session (tenant_id, id)
      )`);
    await runner.query(`CREATE INDEX refresh_token_session ON refresh_token (tenant_id, session_id)`);
    await enableTenantRls(runner, 'refresh_token');
    await grantRuntime(runner, 'refresh_token', ['SELECT', 'INSERT', 'UPDATE']);
  }

  private async invitations(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE invitation (
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        id uuid NOT NULL,
        email text NOT NULL CHECK (email = lower(email)),
        roles text[] NOT NULL CHECK (roles <@ ${CLINIC_ROLES} AND cardinality(roles) > 0),
        outside_collaborator boolean NOT NULL DEFAULT false,
        secret_hash bytea NOT NULL,
        invited_by uuid, -- null: the first admin, invited when the clinic was created
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        accepted_membership_id uuid,
        revoked_at timestamptz,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, invited_by) REFERENCES membership (tenant_id, id),
        FOREIGN KEY (tenant_id, accepted_membership_id) REFERENCES membership (tenant_id, id)
      )`);
    await runner.query(`CREATE INDEX invitation_email ON invitation (tenant_id, email)`);
    await enableTenantRls(runner, 'invitation');
    await grantRuntime(runner, 'invitation', ['SELECT', 'INSERT', 'UPDATE']);
  }

  private async apiKeys(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE api_key (
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        id uuid NOT NULL,
        label text NOT NULL CHECK (length(btrim(label)) BETWEEN 1 AND 100),
        scopes text[] NOT NULL CHECK (scopes <@ ${API_SCOPES} AND cardinality(scopes) > 0),
        secret_hash bytea NOT NULL,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz,
        revoked_at timestamptz,
        last_used_at timestamptz,
        rotated_from uuid,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, created_by) REFERENCES membership (tenant_id, id),
        FOREIGN KEY (tenant_id, rotated_from) REFERENCES api_key (tenant_id, id)
      )`);
    await enableTenantRls(runner, 'api_key');
    await grantRuntime(runner, 'api_key', ['SELECT', 'INSERT', 'UPDATE']);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['api_key', 'invitation', 'refresh_token', 'auth_session', 'membership', 'mfa_recovery_code', 'app_user']) {
      await runner.query(`DROP TABLE ${table}`);
    }
    await runner.query(`DROP FUNCTION app.current_user_id()`);
    await runner.query(`ALTER TABLE tenant DROP COLUMN settings, DROP COLUMN updated_at`);
  }
}
