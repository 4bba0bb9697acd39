import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantRuntime } from './tenant-rls';

/**
 * Outcome measures (answers and the server's scoring of them) and safety signals, which stay
 * open until a clinician on the team acknowledges them with the action taken.
 */
export class Measures1764200000000 implements MigrationInterface {
  name = 'Measures1764200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE measure_response (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        case_id uuid NOT NULL,
        instrument text NOT NULL CHECK (instrument IN ('PHQ9', 'GAD7', 'PCL5', 'CSSRS_SCREENER', 'CADSS')),
        answers jsonb NOT NULL,
        total int,
        band text,
        scoring jsonb NOT NULL CHECK (jsonb_typeof(scoring) = 'object'),
        administered_at timestamptz NOT NULL,
        recorded_by uuid NOT NULL,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, case_id) REFERENCES clinical_case (tenant_id, id),
        FOREIGN KEY (tenant_id, recorded_by) REFERENCES membership (tenant_id, id)
      )`);
    await runner.query(`CREATE INDEX measure_response_trend ON measure_response (tenant_id, case_id, instrument, administered_at)`);
    await enableTenantRls(runner, 'measure_response');
    await grantRuntime(runner, 'measure_response', ['SELECT', 'INSERT']);

    await runner.query(`
      CREATE TABLE safety_signal (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        case_id uuid NOT NULL,
        measure_response_id uuid NOT NULL,
        reasons text[] NOT NULL CHECK (cardinality(reasons) > 0),
        opened_at timestamptz NOT NULL,
        acknowledged_at timestamptz,
        acknowledged_by uuid,
        action_taken text CHECK (action_taken IS NULL OR length(btrim(action_taken)) BETWEEN 1 AND 4000),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, case_id) REFERENCES clinical_case (tenant_id, id),
        FOREIGN KEY (tenant_id, measure_response_id) REFERENCES measure_response (tenant_id, id),
        FOREIGN KEY (tenant_id, acknowledged_by) REFERENCES membership (tenant_id, id),
        CHECK ((acknowledged_at IS NULL) = (action_taken IS NULL))
      )`);
    await runner.query(`CREATE INDEX safety_signal_open ON safety_signal (tenant_id, case_id) WHERE acknowledged_at IS NULL`);
    await enableTenantRls(runner, 'safety_signal');
    await grantRuntime(runner, 'safety_signal', ['SELECT', 'INSERT', 'UPDATE']);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE safety_signal`);
    await runner.query(`DROP TABLE measure_response`);
  }
}
