import type { ColumnMap } from '@tandem/authz';
import { fieldColumns } from '@tandem/db';
import type { EntityManager } from '@tandem/db';
import type { Sex } from './patient-input';

/** A patient as read; a demographic field is null when hidden from the reader or not read for them (findPatients). */
export interface PatientView {
  readonly id: string;
  readonly tenantId: string;
  readonly mrn: string | null;
  readonly givenName: string | null;
  readonly familyName: string | null;
  readonly dateOfBirth: string | null;
  readonly sex: Sex | null;
  readonly phone: string | null;
  readonly email: string | null;
  readonly emergencyContactName: string | null;
  readonly emergencyContactPhone: string | null;
  readonly state: string | null;
  readonly createdAt: Date | null;
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
const POLICY_COLUMNS = `${CARE_TEAM} AS "careTeamMembershipIds", ${CASE_IDS} AS "caseIds"`;
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

/**
 * Each field of the view but the policy's, as its select-list entry. A partner's page of 100
 * cases asks each patient's MRN only: the other ten columns were a third of the patients' cost
 * in the gateway (pg's parsing of 100 rows, 0.6 → 0.4 ms of CPU per page, measured).
 */
const columnsFor = fieldColumns(
  {
    id: 'p.id',
    tenantId: 'p.tenant_id AS "tenantId"',
    mrn: 'p.mrn',
    givenName: 'p.given_name AS "givenName"',
    familyName: 'p.family_name AS "familyName"',
    dateOfBirth: `to_char(p.date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth"`,
    sex: 'p.sex',
    phone: 'p.phone',
    email: 'p.email',
    emergencyContactName: 'p.emergency_contact_name AS "emergencyContactName"',
    emergencyContactPhone: 'p.emergency_contact_phone AS "emergencyContactPhone"',
    state: 'p.state',
    createdAt: 'p.created_at AS "createdAt"',
    weight: LATEST_WEIGHT.columns,
  },
  ['id', 'tenantId'],
);

/** The columns read for the fields a reader asks (absent: all), for a loader that batches only readers asking the same. */
export function patientColumnsKey(fields: ReadonlySet<string> | undefined): string {
  return columnsFor(fields);
}

/** A row as read: the fields its statement left out are absent (see columnsFor). */
type Row = Pick<PatientView, 'id' | 'tenantId' | 'careTeamMembershipIds' | 'caseIds'> &
  Partial<Omit<PatientView, 'id' | 'tenantId' | 'careTeamMembershipIds' | 'caseIds' | 'weight'>> & { weightKg?: number | null; weightMeasuredAt?: Date | null };

/** Field by field: a rest-and-spread copy of each row was a visible share of a page's CPU. */
export function toPatient(row: Row): PatientView {
  const { weightKg, weightMeasuredAt } = row;
  return {
    id: row.id,
    tenantId: row.tenantId,
    mrn: row.mrn ?? null,
    givenName: row.givenName ?? null,
    familyName: row.familyName ?? null,
    dateOfBirth: row.dateOfBirth ?? null,
    sex: row.sex ?? null,
    phone: row.phone ?? null,
    email: row.email ?? null,
    emergencyContactName: row.emergencyContactName ?? null,
    emergencyContactPhone: row.emergencyContactPhone ?? null,
    state: row.state ?? null,
    createdAt: row.createdAt ?? null,
    weight: weightKg == null || weightMeasuredAt == null ? null : { kg: weightKg, measuredAt: weightMeasuredAt },
    careTeamMembershipIds: row.careTeamMembershipIds,
    caseIds: row.caseIds,
  };
}

export interface PatientColumns {
  /**
   * false leaves their care teams and cases empty: only for a caller that checks them against no
   * rule reading those (`conditionsRead`), since they are a subquery each per row.
   */
  readonly policyColumns?: boolean;
  /**
   * The fields to read, as GraphQL names them (absent: all): the others are null in the view, as
   * a hidden field is, so the audit does not name them. Only for a reader that returns no other.
   */
  readonly fields?: ReadonlySet<string>;
}

/** Patients matching `where`, with every column unless `columns` leaves some out. */
export async function findPatients(m: EntityManager, where: string, params: unknown[], columns: PatientColumns = {}): Promise<PatientView[]> {
  const { fields } = columns;
  const policy = columns.policyColumns === false ? NO_POLICY_COLUMNS : POLICY_COLUMNS;
  const weight = !fields || fields.has('weight') ? LATEST_WEIGHT.join : '';
  return (await m.query<Row[]>(`SELECT ${columnsFor(fields)}, ${policy} FROM patient p${weight} WHERE ${where}`, params)).map(toPatient);
}
