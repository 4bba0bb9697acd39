import type { ColumnMap } from '@tandem/authz';
import type { SupervisionFacts, SupervisionKind, TrainingModule } from '@tandem/clinical';
import type { EntityManager } from '@tandem/db';

export interface SupervisionView extends SupervisionFacts {
  readonly id: string;
  readonly tenantId: string;
  readonly traineeId: string;
  readonly supervisorId: string;
  /** Both parties: what the policy's "party to the entry" matches. */
  readonly partyIds: string[];
  readonly loggedBy: string;
  readonly kind: SupervisionKind;
  readonly modules: TrainingModule[];
  readonly note: string | null;
  readonly confirmedBy: string | null;
  readonly confirmedAt: Date | null;
  readonly createdAt: Date;
}

export const SUPERVISION_COLUMNS: ColumnMap = {
  id: { column: 's.id', type: 'uuid' },
  tenantId: { column: 's.tenant_id', type: 'uuid' },
  partyIds: { column: 'ARRAY[s.trainee_id, s.supervisor_id]', type: 'uuid', array: true },
  loggedBy: { column: 's.logged_by', type: 'uuid' },
};

// The date comes back as YYYY-MM-DD text and hours as a number, like a credential's.
const SUPERVISION_FIELDS = `s.id, s.tenant_id AS "tenantId", s.trainee_id AS "traineeId", s.supervisor_id AS "supervisorId",
  ARRAY[s.trainee_id, s.supervisor_id] AS "partyIds", s.logged_by AS "loggedBy", to_char(s.held_on, 'YYYY-MM-DD') AS "heldOn",
  s.hours::float8 AS hours, s.kind, s.modules, s.note, (s.confirmed_by IS NOT NULL) AS confirmed, s.confirmed_by AS "confirmedBy",
  s.confirmed_at AS "confirmedAt", s.created_at AS "createdAt"`;

export async function findSupervision(m: EntityManager, id: string): Promise<SupervisionView | undefined> {
  const [row] = await m.query<SupervisionView[]>(`SELECT ${SUPERVISION_FIELDS} FROM supervision_session s WHERE s.id = $1 FOR UPDATE OF s`, [id]);
  return row;
}

/** One page of the entries a member is party to, as far as `visible` (the policy, in SQL) lets the reader see. */
export async function supervisionPage(
  m: EntityManager,
  membershipId: string,
  after: string | null,
  limit: number,
  visible: { sql: string; params: readonly unknown[] },
): Promise<SupervisionView[]> {
  return m.query<SupervisionView[]>(
    `SELECT ${SUPERVISION_FIELDS} FROM supervision_session s
     WHERE (s.trainee_id = $1 OR s.supervisor_id = $1) AND ($2::uuid IS NULL OR s.id > $2) AND ${visible.sql} ORDER BY s.id LIMIT $3`,
    [membershipId, after, limit, ...visible.params],
  );
}

/**
 * The confirmed supervision of the trainees given, in one statement for a whole roster page
 * (RLS keeps it to the clinic). Unconfirmed entries never count, so they are not read.
 */
export async function confirmedSupervisionOf(m: EntityManager, traineeIds: readonly string[]): Promise<(SupervisionFacts & { traineeId: string })[]> {
  return m.query(
    `SELECT s.trainee_id AS "traineeId", to_char(s.held_on, 'YYYY-MM-DD') AS "heldOn", s.hours::float8 AS hours, s.modules, TRUE AS confirmed
     FROM supervision_session s WHERE s.trainee_id = ANY($1::uuid[]) AND s.confirmed_by IS NOT NULL`,
    [traineeIds],
  );
}

/** The membership's status in the current clinic; undefined for one that is not the clinic's (RLS). */
export async function membershipStatus(m: EntityManager, membershipId: string): Promise<string | undefined> {
  const [row] = await m.query<{ status: string }[]>(`SELECT status FROM membership WHERE id = $1`, [membershipId]);
  return row?.status;
}
