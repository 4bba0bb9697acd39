import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantRuntime } from './tenant-rls';

/**
 * Case notes: drafts edited with optimistic concurrency, signed notes that never change,
 * signed addenda, co-signatures. Full-text search through a GIN index led by tenant_id
 * (btree_gin, a trusted extension the database owner may create).
 */
export class Notes1764400000000 implements MigrationInterface {
  name = 'Notes1764400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
    await runner.query(`
      CREATE TABLE case_note (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        case_id uuid NOT NULL,
        session_id uuid,
        kind text NOT NULL CHECK (kind IN ('PROGRESS', 'DOSING_OBSERVATION', 'INTEGRATION_SUMMARY', 'MEDICAL', 'COORDINATION', 'PSYCHOTHERAPY')),
        visibility text NOT NULL CHECK (visibility IN ('CARE_TEAM', 'CLINICIANS', 'PRESCRIBERS', 'AUTHOR_ONLY')),
        status text NOT NULL CHECK (status IN ('DRAFT', 'SIGNED', 'DISCARDED')),
        author_id uuid NOT NULL,
        body text NOT NULL CHECK (octet_length(body) <= 102400),
        version int NOT NULL DEFAULT 1,
        cosigner_id uuid,
        cosigned_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        signed_at timestamptz,
        search tsvector GENERATED ALWAYS AS (to_tsvector('english', body)) STORED,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, case_id) REFERENCES clinical_case (tenant_id, id),
        FOREIGN KEY (tenant_id, session_id) REFERENCES treatment_session (tenant_id, id),
        FOREIGN KEY (tenant_id, author_id) REFERENCES membership (tenant_id, id),
        FOREIGN KEY (tenant_id, cosigner_id) REFERENCES membership (tenant_id, id),
        -- psychotherapy notes are the author's alone (45 CFR 164.501)
        CHECK (kind <> 'PSYCHOTHERAPY' OR visibility = 'AUTHOR_ONLY'),
        CHECK ((status = 'SIGNED') = (signed_at IS NOT NULL))
      )`);
    await runner.query(`CREATE INDEX case_note_by_case ON case_note (tenant_id, case_id, id)`);
    await runner.query(`CREATE INDEX case_note_search ON case_note USING gin (tenant_id, search)`);
    await enableTenantRls(runner, 'case_note');
    await grantRuntime(runner, 'case_note', ['SELECT', 'INSERT', 'UPDATE']);

    await runner.query(`
      CREATE TABLE note_addendum (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        note_id uuid NOT NULL,
        author_id uuid NOT NULL,
        body text NOT NULL CHECK (length(btrim(body)) >= 1 AND octet_length(body) <= 102400),
        signed_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, note_id) REFERENCES case_note (tenant_id, id),
        FOREIGN KEY (tenant_id, author_id) REFERENCES membership (tenant_id, id)
      )`);
    await runner.query(`CREATE INDEX note_addendum_by_note ON note_addendum (tenant_id, note_id, signed_at)`);
    await enableTenantRls(runner, 'note_addendum');
    await grantRuntime(runner, 'note_addendum', ['SELECT', 'INSERT']);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE note_addendum`);
    await runner.query(`DROP TABLE case_note`);
  }
}
