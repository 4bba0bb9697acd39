import type { ColumnMap } from '@tandem/authz';
import { caseCareTeamSql } from '@tandem/cases';
import type { NoteKind, NoteVisibility } from '@tandem/clinical';
import type { EntityManager } from '@tandem/db';

export interface NoteView {
  readonly id: string;
  readonly tenantId: string;
  readonly caseId: string;
  readonly sessionId: string | null;
  readonly kind: NoteKind;
  readonly visibility: NoteVisibility;
  readonly status: 'DRAFT' | 'SIGNED' | 'DISCARDED';
  readonly authorId: string;
  readonly body: string;
  readonly version: number;
  readonly cosignerId: string | null;
  readonly cosignedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly signedAt: Date | null;
  readonly careTeamMembershipIds: string[];
}

const CARE_TEAM = caseCareTeamSql('n');

/** The policy's condition fields for Note, as SQL (rules-to-sql refuses any other), the team as `careTeam`. */
export function noteColumns(careTeam = CARE_TEAM): ColumnMap {
  return {
    id: { column: 'n.id', type: 'uuid' },
    tenantId: { column: 'n.tenant_id', type: 'uuid' },
    caseId: { column: 'n.case_id', type: 'uuid' },
    careTeamMembershipIds: { column: `(${careTeam})`, type: 'uuid', array: true },
    authorId: { column: 'n.author_id', type: 'uuid' },
    cosignerId: { column: 'n.cosigner_id', type: 'uuid' },
    status: { column: 'n.status', type: 'text' },
    kind: { column: 'n.kind', type: 'text' },
    visibility: { column: 'n.visibility', type: 'text' },
  };
}

/** A NoteView's columns over `case_note n`, the team as `careTeam`. */
export function noteFields(careTeam = CARE_TEAM): string {
  return `n.id, n.tenant_id AS "tenantId", n.case_id AS "caseId", n.session_id AS "sessionId", n.kind, n.visibility, n.status,
  n.author_id AS "authorId", n.body, n.version, n.cosigner_id AS "cosignerId", n.cosigned_at AS "cosignedAt", n.created_at AS "createdAt",
  n.updated_at AS "updatedAt", n.signed_at AS "signedAt", ${careTeam} AS "careTeamMembershipIds"`;
}

export const NOTE_COLUMNS = noteColumns();
export const NOTE_FIELDS = noteFields();

export async function findNote(m: EntityManager, id: string, lock = false): Promise<NoteView | undefined> {
  const [row] = await m.query<NoteView[]>(`SELECT ${NOTE_FIELDS} FROM case_note n WHERE n.id = $1 ${lock ? 'FOR UPDATE OF n' : ''}`, [id]);
  return row;
}
