import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantRuntime } from './tenant-rls';

/**
 * The gates before dosing: screenings (checklist answers, baseline vitals, the computed result),
 * medical clearances (with written overrides of relative contraindications), versioned consent
 * documents and patients' signed consents (revocable, never deleted).
 */
export class Treatment1764100000000 implements MigrationInterface {
  name = 'Treatment1764100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE screening (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        case_id uuid NOT NULL,
        performed_by uuid NOT NULL,
        performed_at timestamptz NOT NULL,
        checklist jsonb NOT NULL CHECK (jsonb_typeof(checklist) = 'array'),
        answers jsonb NOT NULL CHECK (jsonb_typeof(answers) = 'object'),
        medical_history text[] NOT NULL DEFAULT '{}',
        medications jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(medications) = 'array'),
        baseline_systolic int NOT NULL CHECK (baseline_systolic BETWEEN 50 AND 300),
        baseline_diastolic int NOT NULL CHECK (baseline_diastolic BETWEEN 20 AND 200),
        baseline_heart_rate int CHECK (baseline_heart_rate BETWEEN 20 AND 250),
        baseline_spo2 int CHECK (baseline_spo2 BETWEEN 50 AND 100),
        outcome text NOT NULL CHECK (outcome IN ('ELIGIBLE', 'NEEDS_REVIEW', 'INELIGIBLE')),
        present_absolute text[] NOT NULL,
        present_relative text[] NOT NULL,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, case_id) REFERENCES clinical_case (tenant_id, id),
        FOREIGN KEY (tenant_id, performed_by) REFERENCES membership (tenant_id, id)
      )`);
    await runner.query(`CREATE INDEX screening_by_case ON screening (tenant_id, case_id, performed_at DESC)`);
    await enableTenantRls(runner, 'screening');
    await grantRuntime(runner, 'screening', ['SELECT', 'INSERT']);

    await runner.query(`
      CREATE TABLE medical_clearance (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        case_id uuid NOT NULL,
        screening_id uuid NOT NULL,
        granted_by uuid NOT NULL,
        granted_at timestamptz NOT NULL,
        overrides jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(overrides) = 'array'),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, case_id) REFERENCES clinical_case (tenant_id, id),
        FOREIGN KEY (tenant_id, screening_id) REFERENCES screening (tenant_id, id),
        FOREIGN KEY (tenant_id, granted_by) REFERENCES membership (tenant_id, id)
      )`);
    await runner.query(`CREATE INDEX medical_clearance_by_case ON medical_clearance (tenant_id, case_id, granted_at DESC)`);
    await enableTenantRls(runner, 'medical_clearance');
    await grantRuntime(runner, 'medical_clearance', ['SELECT', 'INSERT']);

    await runner.query(`
      CREATE TABLE consent_document (
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        id uuid NOT NULL,
        title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
        version int NOT NULL CHECK (version >= 1),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 100000),
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, title, version),
        FOREIGN KEY (tenant_id, created_by) REFERENCES membership (tenant_id, id)
      )`);
    await enableTenantRls(runner, 'consent_document');
    await grantRuntime(runner, 'consent_document', ['SELECT', 'INSERT']);

    await runner.query(`
      CREATE TABLE patient_consent (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        case_id uuid NOT NULL,
        document_id uuid NOT NULL,
        signer_name text NOT NULL CHECK (length(btrim(signer_name)) BETWEEN 1 AND 200),
        witness_name text CHECK (witness_name IS NULL OR length(btrim(witness_name)) BETWEEN 1 AND 200),
        method text NOT NULL CHECK (method IN ('IN_PERSON', 'ELECTRONIC', 'TELEHEALTH_VERBAL')),
        signed_at timestamptz NOT NULL,
        recorded_by uuid NOT NULL,
        revoked_at timestamptz,
        revoked_by uuid,
        revocation_reason text CHECK (revocation_reason IS NULL OR length(revocation_reason) <= 2000),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, case_id) REFERENCES clinical_case (tenant_id, id),
        FOREIGN KEY (tenant_id, document_id) REFERENCES consent_document (tenant_id, id),
        FOREIGN KEY (tenant_id, recorded_by) REFERENCES membership (tenant_id, id),
        FOREIGN KEY (tenant_id, revoked_by) REFERENCES membership (tenant_id, id)
      )`);
    await runner.query(`CREATE INDEX patient_consent_by_case ON patient_consent (tenant_id, case_id)`);
    await enableTenantRls(runner, 'patient_consent');
    await grantRuntime(runner, 'patient_consent', ['SELECT', 'INSERT', 'UPDATE']);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['patient_consent', 'consent_document', 'medical_clearance', 'screening']) await runner.query(`DROP TABLE ${table}`);
  }
}
