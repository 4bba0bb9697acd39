import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantRuntime } from './tenant-rls';

const CASE_STATUSES = `'REFERRAL','SCREENING','AWAITING_CLEARANCE','AWAITING_CONSENT','PREPARATION','DOSING','INTEGRATION','MAINTENANCE','CLOSED','ON_HOLD','WITHDRAWN'`;
const CASE_ROLES = `'PRESCRIBER_OF_RECORD','LEAD_THERAPIST','CO_THERAPIST','MONITORING_NURSE','COORDINATOR'`;

/**
 * Patients (with weight history), cases with their lifecycle status, care teams (every change
 * kept: members are removed, never deleted) and the case timeline. Clinical records are
 * amended, never deleted: the runtime role gets no DELETE on any of these tables.
 */
export class Cases1764000000000 implements MigrationInterface {
  name = 'Cases1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE patient (
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        id uuid NOT NULL,
        mrn text NOT NULL CHECK (length(btrim(mrn)) BETWEEN 1 AND 64),
        given_name text NOT NULL CHECK (length(btrim(given_name)) BETWEEN 1 AND 100),
        family_name text NOT NULL CHECK (length(btrim(family_name)) BETWEEN 1 AND 100),
        date_of_birth date NOT NULL,
        sex text NOT NULL CHECK (sex IN ('FEMALE', 'MALE', 'INTERSEX', 'UNKNOWN')),
        phone text,
        email text,
        emergency_contact_name text,
        emergency_contact_phone text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, mrn)
      )`);
    // Prefix search by family name, then given name.
    await runner.query(`CREATE INDEX patient_name_prefix ON patient (tenant_id, lower(family_name) text_pattern_ops, lower(given_name) text_pattern_ops)`);
    await enableTenantRls(runner, 'patient');
    await grantRuntime(runner, 'patient', ['SELECT', 'INSERT', 'UPDATE']);

    await runner.query(`
      CREATE TABLE patient_weight (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        patient_id uuid NOT NULL,
        weight_kg numeric(5, 1) NOT NULL CHECK (weight_kg BETWEEN 20 AND 350),
        measured_at timestamptz NOT NULL,
        recorded_by uuid NOT NULL,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id),
        FOREIGN KEY (tenant_id, recorded_by) REFERENCES membership (tenant_id, id)
      )`);
    await runner.query(`CREATE INDEX patient_weight_latest ON patient_weight (tenant_id, patient_id, measured_at DESC)`);
    await enableTenantRls(runner, 'patient_weight');
    await grantRuntime(runner, 'patient_weight', ['SELECT', 'INSERT']);

    await runner.query(`
      CREATE TABLE clinical_case (
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        id uuid NOT NULL,
        patient_id uuid NOT NULL,
        indication text NOT NULL CHECK (indication IN ('MDD', 'TRD', 'PTSD', 'GAD', 'OTHER')),
        indication_other text CHECK (indication_other IS NULL OR length(btrim(indication_other)) BETWEEN 1 AND 200),
        referral_source text CHECK (referral_source IS NULL OR length(referral_source) <= 200),
        status text NOT NULL CHECK (status IN (${CASE_STATUSES})),
        held_from text CHECK (held_from IS NULL OR held_from IN (${CASE_STATUSES})),
        -- the written reason of the latest hold, withdrawal or closing
        status_reason text CHECK (status_reason IS NULL OR length(status_reason) <= 2000),
        opened_at timestamptz NOT NULL,
        closed_at timestamptz,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, patient_id) REFERENCES patient (tenant_id, id),
        CHECK ((indication = 'OTHER') = (indication_other IS NOT NULL))
      )`);
    // At most one open case per patient, enforced by the database.
    await runner.query(`CREATE UNIQUE INDEX clinical_case_one_open ON clinical_case (tenant_id, patient_id) WHERE status NOT IN ('CLOSED', 'WITHDRAWN')`);
    await runner.query(`CREATE INDEX clinical_case_status ON clinical_case (tenant_id, status, id)`);
    await enableTenantRls(runner, 'clinical_case');
    await grantRuntime(runner, 'clinical_case', ['SELECT', 'INSERT', 'UPDATE']);

    await runner.query(`
      CREATE TABLE care_team_member (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        case_id uuid NOT NULL,
        membership_id uuid NOT NULL,
        case_role text NOT NULL CHECK (case_role IN (${CASE_ROLES})),
        added_at timestamptz NOT NULL,
        added_by uuid NOT NULL,
        removed_at timestamptz,
        removed_by uuid,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, case_id) REFERENCES clinical_case (tenant_id, id),
        FOREIGN KEY (tenant_id, membership_id) REFERENCES membership (tenant_id, id),
        FOREIGN KEY (tenant_id, added_by) REFERENCES membership (tenant_id, id),
        FOREIGN KEY (tenant_id, removed_by) REFERENCES membership (tenant_id, id)
      )`);
    await runner.query(`CREATE UNIQUE INDEX care_team_member_active ON care_team_member (tenant_id, case_id, membership_id, case_role) WHERE removed_at IS NULL`);
    await runner.query(`CREATE INDEX care_team_member_by_member ON care_team_member (tenant_id, membership_id) WHERE removed_at IS NULL`);
    await enableTenantRls(runner, 'care_team_member');
    await grantRuntime(runner, 'care_team_member', ['SELECT', 'INSERT', 'UPDATE']);

    await runner.query(`
      CREATE TABLE case_event (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        case_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind ~ '^[A-Z_]+$'),
        actor_membership_id uuid,
        occurred_at timestamptz NOT NULL,
        -- codes and ids only: the timeline points at records, it does not copy their content
        detail jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(detail) = 'object'),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, case_id) REFERENCES clinical_case (tenant_id, id),
        FOREIGN KEY (tenant_id, actor_membership_id) REFERENCES membership (tenant_id, id)
      )`);
    await runner.query(`CREATE INDEX case_event_timeline ON case_event (tenant_id, case_id, id)`);
    await enableTenantRls(runner, 'case_event');
    await grantRuntime(runner, 'case_event', ['SELECT', 'INSERT']);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['case_event', 'care_team_member', 'clinical_case', 'patient_weight', 'patient']) await runner.query(`DROP TABLE ${table}`);
  }
}
