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

/**
 * The latest weight, per patient: a lookup per row, made only for readers that ask for it (a
 * partner's page of cases asks each patient's MRN, never the weight).
 */
const LATEST_WEIGHT = {
  columns: `w.weight_kg::float8 AS "weightKg", w.measured_at AS "weightMeasuredAt"`,
  join: `
  LEFT JOIN LATERAL (
    SELECT weight_kg, measured_at FROM patient_weight pw
    WHERE pw.tenant_id = p.tenant_id AND pw.patient_id = p.id ORDER BY measured_at DESC LIMIT 1
  ) w ON true`,
};
const NO_WEIGHT = { columns: `NULL::float8 AS "weightKg", NULL::timestamptz AS "weightMeasuredAt"`, join: '' };

const selectPatient = (policyColumns: string, weight: typeof LATEST_WEIGHT) => `
  SELECT p.id, p.tenant_id AS "tenantId", p.mrn, p.given_name AS "givenName", p.family_name AS "familyName",
    to_char(p.date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth", p.sex, p.phone, p.email,
    p.emergency_contact_name AS "emergencyContactName", p.emergency_contact_phone AS "emergencyContactPhone", p.state,
    p.created_at AS "createdAt", ${weight.columns},
    ${policyColumns}
  FROM patient p${weight.join}`;

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

const POLICY_COLUMNS = `${CARE_TEAM} AS "careTeamMembershipIds", ${CASE_IDS} AS "caseIds"`;

/** The four statements, by whether they select the policy's columns and then the latest weight. */
const SELECT_PATIENT = {
  policy: { weight: selectPatient(POLICY_COLUMNS, LATEST_WEIGHT), noWeight: selectPatient(POLICY_COLUMNS, NO_WEIGHT) },
  noPolicy: { weight: selectPatient(NO_POLICY_COLUMNS, LATEST_WEIGHT), noWeight: selectPatient(NO_POLICY_COLUMNS, NO_WEIGHT) },
};

export interface PatientColumns {
  /**
   * false leaves their care teams and cases empty: only for a caller that checks them against no
   * rule reading those (`conditionsRead`), since they are a subquery each per row.
   */
  readonly policyColumns?: boolean;
  /** false leaves the weight null, as if none were recorded: only for a reader that does not ask for it. */
  readonly weight?: boolean;
}

/** Patients matching `where`, with every column unless `columns` leaves some out. */
export async function findPatients(m: EntityManager, where: string, params: unknown[], columns: PatientColumns = {}): Promise<PatientView[]> {
  const select = SELECT_PATIENT[columns.policyColumns === false ? 'noPolicy' : 'policy'][columns.weight === false ? 'noWeight' : 'weight'];
  return (await m.query<Row[]>(`${select} WHERE ${where}`, params)).map(toPatient);
}
