import { caseCareTeamSql } from '@tandem/cases';
import type { EntityManager } from '@tandem/db';

export type ReviewOutcome = 'ACCEPTED' | 'FLAGGED';

/** One emergency grant ("break the glass") as the API shows it. */
export interface EmergencyAccessView {
  readonly id: string;
  readonly tenantId: string;
  readonly caseId: string;
  /** The clinician who broke the glass. */
  readonly membershipId: string;
  readonly reason: string;
  readonly grantedAt: Date;
  readonly expiresAt: Date;
  /** Whether the grant still admits its holder now (by the request's clock). */
  readonly active: boolean;
  readonly reviewOutcome: ReviewOutcome | null;
  readonly reviewedBy: string | null;
  readonly reviewedAt: Date | null;
  readonly reviewNote: string | null;
  /** The case's active care team (what the policy's "on the care team" reads). */
  readonly careTeamMembershipIds: string[];
}

type Row = Omit<EmergencyAccessView, 'active'>;

const SELECT_GRANT = `
  SELECT e.id, e.tenant_id AS "tenantId", e.case_id AS "caseId", e.membership_id AS "membershipId", e.reason,
    e.granted_at AS "grantedAt", e.expires_at AS "expiresAt", e.review_outcome AS "reviewOutcome", e.reviewed_by AS "reviewedBy",
    e.reviewed_at AS "reviewedAt", e.review_note AS "reviewNote", ${caseCareTeamSql('e')} AS "careTeamMembershipIds"
  FROM emergency_access e`;

/**
 * Grants matching `where` (over alias `e`), with `active` judged at `now`: a grant admits its
 * holder while now < expires_at, so the instant it expires it is over (as authentication judges it).
 */
export async function findGrants(m: EntityManager, now: Date, where: string, params: unknown[]): Promise<EmergencyAccessView[]> {
  const rows = await m.query<Row[]>(`${SELECT_GRANT} WHERE ${where}`, params);
  return rows.map((row) => ({ ...row, active: now < row.expiresAt }));
}
