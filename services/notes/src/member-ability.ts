import { defineAbilityFor, subjectOf } from '@tandem/authz';
import type { ClinicRole, UserPrincipal } from '@tandem/core';
import type { EntityManager } from '@tandem/db';
import type { NoteView } from './note-record';

/**
 * Whether another member of the clinic could read a note, judged by the same policy as their
 * own requests: a co-signer or a mentioned colleague must be someone the note is shared with.
 */
export async function memberMayRead(m: EntityManager, membershipId: string, note: NoteView): Promise<boolean> {
  const [member] = await m.query<{ user_id: string; roles: ClinicRole[]; outside_collaborator: boolean }[]>(
    `SELECT user_id, roles, outside_collaborator FROM membership WHERE id = $1 AND status = 'ACTIVE'`,
    [membershipId],
  );
  if (!member) return false;
  const principal: UserPrincipal = {
    kind: 'user',
    userId: member.user_id,
    tenantId: note.tenantId,
    sessionId: '',
    membershipId,
    roles: member.roles,
    outsideCollaborator: member.outside_collaborator,
    platformAdmin: false,
    mfaSatisfied: true,
  };
  return defineAbilityFor(principal).can('read', subjectOf('Note', note));
}
