import type { Route } from '@tandem/clinical';
import { caseCareTeamSql } from '@tandem/cases';
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

const COLUMNS = `id, tenant_id AS "tenantId", case_id AS "caseId", kind, starts_at AS "startsAt", expected_minutes AS "expectedMinutes", location,
  status, participant_ids AS "participantIds", supervisor_id AS "supervisorId", cancelled_at AS "cancelledAt", cancellation_reason AS "cancellationReason", completed_at AS "completedAt",
  escalation, rems_submitted_at AS "remsSubmittedAt", monitoring_started_at AS "monitoringStartedAt", monitoring_ended_at AS "monitoringEndedAt"`;
const SELECT = `SELECT ${COLUMNS} FROM treatment_session`;

/**
 * Sessions by a condition on alias `s` (the tenant-wide schedule), each with its case's care team
 * (for the policy) as `careTeam` computes it (`policyCareTeamSql`).
 */
export async function selectSessions(m: EntityManager, where: string, params: unknown[], careTeam = caseCareTeamSql('s')): Promise<(SessionRow & { careTeamMembershipIds: string[] })[]> {
  return m.query(`SELECT ${COLUMNS}, ${careTeam} AS "careTeamMembershipIds" FROM treatment_session s WHERE ${where}`, params);
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
