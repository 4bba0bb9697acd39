import type { Route } from '@tandem/clinical';
import { caseCareTeamSql } from '@tandem/cases';
import { fieldColumns } from '@tandem/db';
import type { EntityManager } from '@tandem/db';

export type SessionKind = 'PREPARATION' | 'DOSING' | 'INTEGRATION';

export interface SessionRow {
  readonly id: string;
  readonly tenantId: string;
  readonly caseId: string;
  readonly kind: SessionKind;
  readonly startsAt: Date;
  readonly expectedMinutes: number;
  readonly location: 'IN_CLINIC' | 'TELEHEALTH';
  readonly status: 'SCHEDULED' | 'COMPLETED' | 'CANCELLED';
  readonly participantIds: string[];
  readonly supervisorId: string | null;
  readonly cancelledAt: Date | null;
  readonly cancellationReason: string | null;
  readonly completedAt: Date | null;
  readonly escalation: boolean;
  readonly remsSubmittedAt: Date | null;
  readonly monitoringStartedAt: Date | null;
  readonly monitoringEndedAt: Date | null;
}

/**
 * Each field of a SessionRow, as its select-list entry; a list always reads who may see the row
 * and its audit (id, clinic, case) and its cursor (start). A partner's schedule asks five fields
 * of each of 100 sessions; the other twelve (the participants' ids an array to parse on each row)
 * were read for nothing.
 */
const columnsFor = fieldColumns(
  {
    id: 'id',
    tenantId: 'tenant_id AS "tenantId"',
    caseId: 'case_id AS "caseId"',
    kind: 'kind',
    startsAt: 'starts_at AS "startsAt"',
    expectedMinutes: 'expected_minutes AS "expectedMinutes"',
    location: 'location',
    status: 'status',
    participantIds: 'participant_ids AS "participantIds"',
    supervisorId: 'supervisor_id AS "supervisorId"',
    cancelledAt: 'cancelled_at AS "cancelledAt"',
    cancellationReason: 'cancellation_reason AS "cancellationReason"',
    completedAt: 'completed_at AS "completedAt"',
    escalation: 'escalation',
    remsSubmittedAt: 'rems_submitted_at AS "remsSubmittedAt"',
    monitoringStartedAt: 'monitoring_started_at AS "monitoringStartedAt"',
    monitoringEndedAt: 'monitoring_ended_at AS "monitoringEndedAt"',
  } satisfies Record<keyof SessionRow, string>,
  ['id', 'tenantId', 'caseId', 'startsAt'],
);
const COLUMNS = columnsFor();
const SELECT = `SELECT ${COLUMNS} FROM treatment_session`;

/**
 * Sessions by a condition on alias `s` (the tenant-wide schedule), each with its case's care team
 * (for the policy) as `careTeam` computes it (`policyCareTeamSql`). `fields`: only those (and
 * id, clinic, case and start) are read, the others absent from the rows; only for a reader that
 * returns no other (the list, for the fields its operation asks and its rules read).
 */
export async function selectSessions(
  m: EntityManager,
  where: string,
  params: unknown[],
  careTeam = caseCareTeamSql('s'),
  fields?: ReadonlySet<string>,
): Promise<(SessionRow & { careTeamMembershipIds: string[] })[]> {
  return m.query(`SELECT ${columnsFor(fields)}, ${careTeam} AS "careTeamMembershipIds" FROM treatment_session s WHERE ${where}`, params);
}

export async function findSession(m: EntityManager, id: string, lock = false): Promise<SessionRow | undefined> {
  const [row] = await m.query<SessionRow[]>(`${SELECT} WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
  return row;
}

/** A case's sessions, each with the route of the case's current plan (for the REMS form), in one statement. */
export async function sessionsOfCase(m: EntityManager, caseId: string): Promise<(SessionRow & { planRoute: Route | null })[]> {
  return m.query(
    `SELECT ${COLUMNS}, (SELECT p.route FROM treatment_plan p WHERE p.tenant_id = s.tenant_id AND p.case_id = s.case_id AND p.superseded_at IS NULL) AS "planRoute"
     FROM treatment_session s WHERE case_id = $1 ORDER BY starts_at, id LIMIT 200`,
    [caseId],
  );
}

/** Start times of a case's other scheduled or completed dosing sessions (for the frequency limit). */
export async function dosingStarts(m: EntityManager, caseId: string, exceptSessionId: string | null): Promise<Date[]> {
  const rows = await m.query<{ starts_at: Date }[]>(
    `SELECT starts_at FROM treatment_session WHERE case_id = $1 AND kind = 'DOSING' AND status <> 'CANCELLED' AND ($2::uuid IS NULL OR id <> $2)`,
    [caseId, exceptSessionId],
  );
  return rows.map((r) => r.starts_at);
}
