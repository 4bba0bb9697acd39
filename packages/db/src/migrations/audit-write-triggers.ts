/**
 * Writes to PHI tables are audited by the database: one statement-level trigger per table and
 * verb hands its transition tables to `app.audit_append`, which appends one event per changed
 * row in ONE INSERT (a bulk copy of 50 rows costs one INSERT, not 50). Fields are column names,
 * never values. Who acted comes from transaction-local settings that `withTenant` sets from
 * the request context (packages/db, request-settings.ts); when a transaction did not set them the event keeps what the database
 * knows (tenant, app.user_id, the role in use, the time) and NULL for the rest, and the write
 * never fails for want of them.
 *
 * `link` says how to find the case and the patient of a row:
 * patient (the row is the patient), patient-row (a patient_id column), self-case (the row is the
 * case), case (a case_id column), session (a session_id column), note (a note_id column).
 */
export const AUDITED_TABLES = [
  { table: 'patient', subject: 'Patient', link: 'patient' },
  { table: 'patient_weight', subject: 'PatientWeight', link: 'patient-row' },
  { table: 'clinical_case', subject: 'Case', link: 'self-case' },
  { table: 'care_team_member', subject: 'CareTeamMember', link: 'case' },
  { table: 'screening', subject: 'Screening', link: 'case' },
  { table: 'medical_clearance', subject: 'Clearance', link: 'case' },
  { table: 'patient_consent', subject: 'Consent', link: 'case' },
  { table: 'treatment_plan', subject: 'TreatmentPlan', link: 'case' },
  { table: 'treatment_session', subject: 'TreatmentSession', link: 'case' },
  { table: 'dose_administration', subject: 'Dose', link: 'session' },
  { table: 'vitals_reading', subject: 'Vitals', link: 'session' },
  { table: 'adverse_event', subject: 'AdverseEvent', link: 'session' },
  { table: 'measure_response', subject: 'Measure', link: 'case' },
  { table: 'safety_signal', subject: 'SafetySignal', link: 'case' },
  { table: 'case_note', subject: 'Note', link: 'case' },
  { table: 'note_addendum', subject: 'NoteAddendum', link: 'note' },
  { table: 'follow_up', subject: 'FollowUp', link: 'case' },
] as const;

const setting = (name: string) => `NULLIF(current_setting('app.${name}', true), '')`;

const APPEND = `
  CREATE FUNCTION app.audit_append(verb text, subject text, link text, changes jsonb) RETURNS void LANGUAGE sql AS $$
    WITH change AS (
      SELECT c->'o' AS o, c->'n' AS n, COALESCE(c->'n', c->'o') AS r FROM jsonb_array_elements(changes) c
    ), named AS (
      SELECT (r->>'tenant_id')::uuid AS tenant_id, (r->>'id')::uuid AS subject_id, r,
        ARRAY(SELECT k FROM jsonb_object_keys(r) k
              WHERE k NOT IN ('tenant_id', 'id') AND (o->k) IS DISTINCT FROM (n->k)
                AND NOT (o IS NULL AND n->k = 'null'::jsonb) AND NOT (n IS NULL AND o->k = 'null'::jsonb)
              ORDER BY k) AS fields
      FROM change
    ), linked AS (
      SELECT named.*, CASE link
          WHEN 'case' THEN (r->>'case_id')::uuid
          WHEN 'self-case' THEN subject_id
          WHEN 'session' THEN (SELECT s.case_id FROM treatment_session s WHERE s.tenant_id = named.tenant_id AND s.id = (r->>'session_id')::uuid)
          WHEN 'note' THEN (SELECT n.case_id FROM case_note n WHERE n.tenant_id = named.tenant_id AND n.id = (r->>'note_id')::uuid)
        END AS case_id
      FROM named WHERE cardinality(fields) > 0
    )
    INSERT INTO audit_event (tenant_id, id, occurred_at, actor_kind, actor_id, acting_roles, action, subject_type, subject_id, case_id, patient_id,
                             fields, outcome, request_id, ip, user_agent, emergency)
    SELECT tenant_id, gen_random_uuid(), COALESCE(${setting('clock')}::timestamptz, date_trunc('milliseconds', now())),
      COALESCE(${setting('actor_kind')}, CASE WHEN ${setting('user_id')} IS NOT NULL THEN 'user' WHEN current_user = 'tandem_system' THEN 'system' ELSE 'unknown' END),
      COALESCE(${setting('actor_id')}, ${setting('user_id')})::uuid,
      string_to_array(${setting('roles')}, ','),
      verb, subject, subject_id, case_id,
      CASE link
        WHEN 'patient' THEN subject_id
        WHEN 'patient-row' THEN (r->>'patient_id')::uuid
        WHEN 'self-case' THEN (r->>'patient_id')::uuid
        ELSE (SELECT c.patient_id FROM clinical_case c WHERE c.tenant_id = linked.tenant_id AND c.id = linked.case_id)
      END,
      fields, 'ALLOWED', ${setting('request_id')}, ${setting('ip')}, ${setting('user_agent')},
      COALESCE(case_id = ANY (string_to_array(${setting('emergency_case_ids')}, ',')::uuid[]), false)
    FROM linked
  $$`;

const WRITE = `
  CREATE FUNCTION app.audit_write() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    changes jsonb;
  BEGIN
    IF TG_OP = 'INSERT' THEN
      SELECT jsonb_agg(jsonb_build_object('n', to_jsonb(n))) INTO changes FROM new_rows n;
    ELSIF TG_OP = 'UPDATE' THEN
      SELECT jsonb_agg(jsonb_build_object('o', to_jsonb(o), 'n', to_jsonb(n))) INTO changes
      FROM new_rows n JOIN old_rows o ON o.tenant_id = n.tenant_id AND o.id = n.id;
    ELSE
      SELECT jsonb_agg(jsonb_build_object('o', to_jsonb(o))) INTO changes FROM old_rows o;
    END IF;
    IF changes IS NOT NULL THEN
      PERFORM app.audit_append(CASE TG_OP WHEN 'INSERT' THEN 'create' ELSE lower(TG_OP) END, TG_ARGV[0], TG_ARGV[1], changes);
    END IF;
    RETURN NULL;
  END $$`;

export const AUDIT_WRITE_FUNCTIONS = [APPEND, WRITE] as const;
