import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantRuntime } from './tenant-rls';

const ROUTES = `'IV','IM','SUBLINGUAL','ORAL','INTRANASAL_ESKETAMINE'`;

/**
 * Treatment plans (superseded, never edited), sessions with their participants and monitoring
 * record, doses, vitals readings with their classification, and adverse events.
 */
export class Sessions1764300000000 implements MigrationInterface {
  name = 'Sessions1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE treatment_plan (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        case_id uuid NOT NULL,
        route text NOT NULL CHECK (route IN (${ROUTES})),
        planned_dosing_sessions int NOT NULL CHECK (planned_dosing_sessions BETWEEN 1 AND 52),
        dose_unit text NOT NULL CHECK (dose_unit IN ('mg/kg', 'mg')),
        dose_min numeric(7, 2) NOT NULL CHECK (dose_min > 0),
        dose_max numeric(7, 2) NOT NULL CHECK (dose_max >= dose_min),
        max_sessions_per_window int NOT NULL CHECK (max_sessions_per_window BETWEEN 1 AND 14),
        window_days int NOT NULL CHECK (window_days BETWEEN 1 AND 60),
        range_override_reason text,
        authored_by uuid NOT NULL,
        created_at timestamptz NOT NULL,
        superseded_at timestamptz,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, case_id) REFERENCES clinical_case (tenant_id, id),
        FOREIGN KEY (tenant_id, authored_by) REFERENCES membership (tenant_id, id)
      )`);
    await runner.query(`CREATE UNIQUE INDEX treatment_plan_current ON treatment_plan (tenant_id, case_id) WHERE superseded_at IS NULL`);
    await enableTenantRls(runner, 'treatment_plan');
    await grantRuntime(runner, 'treatment_plan', ['SELECT', 'INSERT', 'UPDATE']);

    await runner.query(`
      CREATE TABLE treatment_session (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        case_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('PREPARATION', 'DOSING', 'INTEGRATION')),
        starts_at timestamptz NOT NULL,
        expected_minutes int NOT NULL CHECK (expected_minutes BETWEEN 15 AND 720),
        location text NOT NULL CHECK (location IN ('IN_CLINIC', 'TELEHEALTH')),
        status text NOT NULL CHECK (status IN ('SCHEDULED', 'COMPLETED', 'CANCELLED')),
        participant_ids uuid[] NOT NULL,
        cancelled_at timestamptz,
        cancellation_reason text,
        monitoring_started_at timestamptz,
        monitoring_ended_at timestamptz,
        sedation text CHECK (sedation IS NULL OR sedation IN ('NONE', 'MILD', 'MODERATE', 'DEEP')),
        dissociation text CHECK (dissociation IS NULL OR dissociation IN ('NONE', 'MILD', 'MODERATE', 'SEVERE')),
        discharge_ready boolean,
        transport text,
        rems_form jsonb,
        rems_submitted_at timestamptz,
        completed_at timestamptz,
        escalation boolean NOT NULL DEFAULT false,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, case_id) REFERENCES clinical_case (tenant_id, id),
        FOREIGN KEY (tenant_id, created_by) REFERENCES membership (tenant_id, id),
        CHECK ((status = 'CANCELLED') = (cancelled_at IS NOT NULL))
      )`);
    await runner.query(`CREATE INDEX treatment_session_by_case ON treatment_session (tenant_id, case_id, starts_at)`);
    await enableTenantRls(runner, 'treatment_session');
    await grantRuntime(runner, 'treatment_session', ['SELECT', 'INSERT', 'UPDATE']);

    await runner.query(`
      CREATE TABLE dose_administration (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        session_id uuid NOT NULL,
        route text NOT NULL CHECK (route IN (${ROUTES})),
        amount numeric(7, 2) NOT NULL CHECK (amount > 0),
        unit text NOT NULL CHECK (unit IN ('mg/kg', 'mg')),
        dose_mg numeric(7, 1) NOT NULL CHECK (dose_mg > 0),
        weight_kg numeric(5, 1),
        lot_number text NOT NULL CHECK (length(btrim(lot_number)) BETWEEN 1 AND 64),
        administered_by uuid NOT NULL,
        administered_at timestamptz NOT NULL,
        range_override_reason text,
        hold_override_reason text,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, session_id),
        FOREIGN KEY (tenant_id, session_id) REFERENCES treatment_session (tenant_id, id),
        FOREIGN KEY (tenant_id, administered_by) REFERENCES membership (tenant_id, id)
      )`);
    await enableTenantRls(runner, 'dose_administration');
    await grantRuntime(runner, 'dose_administration', ['SELECT', 'INSERT']);

    await runner.query(`
      CREATE TABLE vitals_reading (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        session_id uuid NOT NULL,
        taken_at timestamptz NOT NULL,
        phase text NOT NULL CHECK (phase IN ('PRE_DOSE', 'DURING', 'PRE_DISCHARGE')),
        systolic int,
        diastolic int,
        heart_rate int,
        spo2 int,
        flags jsonb NOT NULL DEFAULT '[]'::jsonb,
        recorded_by uuid NOT NULL,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, session_id) REFERENCES treatment_session (tenant_id, id),
        FOREIGN KEY (tenant_id, recorded_by) REFERENCES membership (tenant_id, id)
      )`);
    await runner.query(`CREATE INDEX vitals_reading_by_session ON vitals_reading (tenant_id, session_id, taken_at)`);
    await enableTenantRls(runner, 'vitals_reading');
    await grantRuntime(runner, 'vitals_reading', ['SELECT', 'INSERT']);

    await runner.query(`
      CREATE TABLE adverse_event (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        session_id uuid NOT NULL,
        type text NOT NULL CHECK (length(btrim(type)) BETWEEN 1 AND 200),
        severity text NOT NULL CHECK (severity IN ('MILD', 'MODERATE', 'SEVERE', 'LIFE_THREATENING')),
        action_taken text NOT NULL CHECK (length(btrim(action_taken)) BETWEEN 1 AND 4000),
        outcome text NOT NULL CHECK (length(btrim(outcome)) BETWEEN 1 AND 4000),
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, session_id) REFERENCES treatment_session (tenant_id, id),
        FOREIGN KEY (tenant_id, recorded_by) REFERENCES membership (tenant_id, id)
      )`);
    await runner.query(`CREATE INDEX adverse_event_by_session ON adverse_event (tenant_id, session_id)`);
    await enableTenantRls(runner, 'adverse_event');
    await grantRuntime(runner, 'adverse_event', ['SELECT', 'INSERT']);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['adverse_event', 'vitals_reading', 'dose_administration', 'treatment_session', 'treatment_plan']) await runner.query(`DROP TABLE ${table}`);
  }
}
