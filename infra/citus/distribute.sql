-- infra/citus/distribute.sql: GENERATED from the migrated schema's catalogue by `pnpm citus:write`
-- (packages/db/src/citus). Do not edit it by hand: packages/testing/test/citus-distribution.int.test.ts
-- fails when it differs from what the generator makes of the current migrations.
--
-- Run once on the Citus coordinator, as the owner role, after `pnpm tandem db migrate`:
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f infra/citus/distribute.sql
-- docs/operations.md, "Citus (scaling out by tenant)", says what else changes on Citus.
--
-- Left as plain tables on the coordinator:
--   migrations: TypeORM's migration ledger, read and written only by `tandem db migrate`, which
--   runs on the coordinator (Citus takes DDL there only)
--
-- KNOWN BLOCKERS: Citus will refuse this script until these are fixed (docs/operations.md):
--   app_user.self_or_colleague: Citus refuses policies with subqueries on distributed and reference
--   tables, and this one admits a clinic's members through EXISTS (membership). Members' names are
--   read through it in many places (care teams, notes, readiness, e-mail), so replacing it (e.g. a
--   tenant-owned member directory) is a change to accounts, not to this script

BEGIN;
-- Citus distributes a table with a foreign key to a reference table created in the same
-- transaction only in sequential mode.
SET LOCAL citus.multi_shard_modify_mode TO 'sequential';
-- Citus refuses to distribute tables with triggers unless told to. Tandem's triggers (the audit
-- write triggers, the append-only guard) may touch only rows of the same clinic, which live in
-- co-located shards (docs/operations.md). Tables with triggers:
--   adverse_event, audit_event, audit_seal, care_team_member, case_note, clinical_case,
--   dose_administration, emergency_access, follow_up, measure_response, medical_clearance,
--   note_addendum, patient, patient_consent, patient_weight, safety_signal, screening,
--   treatment_plan, treatment_session, vitals_reading.
SET LOCAL citus.enable_unsafe_triggers TO on;

-- Global catalogues: one copy on every node.
SELECT create_reference_table('app_user'); -- one login across clinics: the e-mail is unique across clinics and sign-in finds the user before any clinic is known
SELECT create_reference_table('mfa_recovery_code'); -- a user's own recovery codes, which belong to the login (app_user), not to a clinic
SELECT create_reference_table('tenant'); -- the clinic catalogue: its slug is unique across clinics (a constraint a table sharded by id cannot enforce), it is small, and every shard joins it locally

-- Tenant-owned tables: sharded by tenant_id, all co-located with membership, each after the tables it references.
SELECT create_distributed_table('membership', 'tenant_id', colocate_with => 'none');
SELECT create_distributed_table('audit_event', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('audit_event_patient', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('audit_seal', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('audit_unsealed', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('api_key', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('auth_session', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('consent_document', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('credential', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('invitation', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('notification', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('email_delivery', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('notification_preference', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('outbox', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('patient', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('clinical_case', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('care_team_member', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('case_event', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('emergency_access', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('follow_up', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('measure_response', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('patient_consent', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('patient_weight', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('refresh_token', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('registered_operation', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('safety_signal', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('screening', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('medical_clearance', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('supervision_session', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('training_programme', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('treatment_plan', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('treatment_session', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('adverse_event', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('case_note', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('dose_administration', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('note_addendum', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('vitals_reading', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('webhook_endpoint', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('webhook_delivery', 'tenant_id', colocate_with => 'membership');
SELECT create_distributed_table('webhook_attempt', 'tenant_id', colocate_with => 'membership');

COMMIT;
