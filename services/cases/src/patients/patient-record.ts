import type { ColumnMap } from '@tandem/authz';
import type { EntityManager } from '@tandem/db';
import type { Sex } from './patient-input';

export interface PatientView {
  readonly id: string;
  readonly tenantId: string;
  readonly mrn: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly dateOfBirth: string;
  readonly sex: Sex;
  readonly phone: string | null;
  readonly email: string | null;
  readonly emergencyContactName: string | null;
  readonly emergencyContactPhone: string | null;
  readonly state: string | null;
  readonly createdAt: Date;
  /** Latest weight; a clinical field (null unless the actor may read it). */
  readonly weight: { kg: number; measuredAt: Date } | null;
  /** Members on an active care team of any of the patient's cases (what the policy reads). */
  readonly careTeamMembershipIds: string[];
  /** The patient's cases (what the emergency-access condition reads). */
  readonly caseIds: string[];
}

const CARE_TEAM = `COALESCE((SELECT array_agg(DISTINCT t.membership_id) FROM care_team_member t
  JOIN clinical_case c ON c.tenant_id = t.tenant_id AND c.id = t.case_id
  WHERE c.tenant_id = p.tenant_id AND c.patient_id = p.id AND t.removed_at IS NULL), '{}')`;

const CASE_IDS = `COALESCE((SELECT array_agg(c.id) FROM clinical_case c WHERE c.tenant_id = p.tenant_id AND c.patient_id = p.id), '{}')`;

/** The policy's condition fields for Patient, as SQL (rules-to-sql refuses any other). */
export const PATIENT_COLUMNS: ColumnMap = {
  id: { column: 'p.id', type: 'uuid' },
  tenantId: { column: 'p.tenant_id', type: 'uuid' },
  careTeamMembershipIds: { column: `(${CARE_TEAM})`, type: 'uuid', array: true },
  caseIds: { column: `(${CASE_IDS})`, type: 'uuid', array: true },
};

/** The policy's condition columns of a patient, for actors none of whose rules read them: none. */
const NO_POLICY_COLUMNS = `'{}'::uuid[] AS "careTeamMembershipIds", '{}'::uuid[] AS "caseIds"`;
export const PATIENT_POLICY_FIELDS = ['careTeamMembershipIds', 'caseIds'] as const;

const selectPatient = (policyColumns: string) => `
  SELECT p.id, p.tenant_id AS "tenantId", p.mrn, p.given_name AS "givenName", p.family_name AS "familyName",
    to_char(p.date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth", p.sex, p.phone, p.email,
    p.emergency_contact_name AS "emergencyContactName", p.emergency_contact_phone AS "emergencyContactPhone", p.state,
    p.created_at AS "createdAt", w.weight_kg::float8 AS "weightKg", w.measured_at AS "weightMeasuredAt",
    ${policyColumns}
  FROM patient p
  LEFT JOIN LATERAL (
    SELECT weight_kg, measured_at FROM patient_weight pw
    WHERE pw.tenant_id = p.tenant_id AND pw.patient_id = p.id ORDER BY measured_at DESC LIMIT 1
  ) w ON true`;

type Row = Omit<PatientView, 'weight'> & { weightKg: number | null; weightMeasuredAt: Date | null };

/** Field by field: a rest-and-spread copy of each row was a visible share of a page's CPU. */
export function toPatient(row: Row): PatientView {
  const { weightKg, weightMeasuredAt } = row;
  return {
    id: row.id,
    tenantId: row.tenantId,
    mrn: row.mrn,
    givenName: row.givenName,
    familyName: row.familyName,
    dateOfBirth: row.dateOfBirth,
    sex: row.sex,
    phone: row.phone,
    email: row.email,
    emergencyContactName: row.emergencyContactName,
    emergencyContactPhone: row.emergencyContactPhone,
    state: row.state,
    createdAt: row.createdAt,
    weight: weightKg === null || weightMeasuredAt === null ? null : { kg: weightKg, measuredAt: weightMeasuredAt },
    careTeamMembershipIds: row.careTeamMembershipIds,
    caseIds: row.caseIds,
  };
}

const SELECT_PATIENT = selectPatient(`${CARE_TEAM} AS "careTeamMembershipIds", ${CASE_IDS} AS "caseIds"`);
const SELECT_PATIENT_FOR_NO_CONDITIONS = selectPatient(NO_POLICY_COLUMNS);

/**
 * Patients matching `where`. `policyColumns: false` leaves their care teams and cases empty: only
 * for a caller that checks them against no rule reading those (`conditionsRead`), since they are
 * a subquery each per row.
 */
export async function findPatients(m: EntityManager, where: string, params: unknown[], policyColumns = true): Promise<PatientView[]> {
  return (await m.query<Row[]>(`${policyColumns ? SELECT_PATIENT : SELECT_PATIENT_FOR_NO_CONDITIONS} WHERE ${where}`, params)).map(toPatient);
}
