import type { PartnerPrincipal, UserPrincipal } from '@tandem/core';

/**
 * A condition of a rule: the Mongo-style query CASL matches records against (and that
 * rules-to-sql turns into SQL), with the words docs/permissions.md prints for it.
 */
export interface Condition {
  readonly query: Readonly<Record<string, unknown>>;
  readonly words: string;
}

type Actor = Pick<UserPrincipal, 'tenantId'> | Pick<PartnerPrincipal, 'tenantId'>;

/** Records of the actor's own clinic (RLS enforces it too; the policy says it anyway). */
export const inOwnClinic = (actor: Actor): Condition => ({ query: { tenantId: actor.tenantId }, words: 'in their own clinic' });

/** The clinic record itself. */
export const ownClinic = (actor: Actor): Condition => ({ query: { id: actor.tenantId }, words: 'their own clinic' });

/** Records that belong to the acting user. */
export const ownedBySelf = (user: Pick<UserPrincipal, 'userId'>): Condition => ({ query: { userId: user.userId }, words: 'their own' });

/** The acting member's own membership. */
export const ownMembership = (user: Pick<UserPrincipal, 'membershipId'>): Condition => ({ query: { id: user.membershipId }, words: 'their own membership' });

/** Every other membership than the actor's (an admin cannot deactivate or demote themself). */
export const notOwnMembership = (user: Pick<UserPrincipal, 'membershipId'>): Condition => ({
  query: { id: { $ne: user.membershipId } },
  words: 'other than their own',
});

/** A case whose active care team includes the acting member (or a patient of such a case). */
export const onCareTeam = (user: Pick<UserPrincipal, 'membershipId'>): Condition => ({
  query: { careTeamMembershipIds: user.membershipId },
  words: "on the case's care team",
});

/** A case whose prescriber of record is the acting member. */
export const prescriberOfRecord = (user: Pick<UserPrincipal, 'membershipId'>): Condition => ({
  query: { prescriberOfRecordIds: user.membershipId },
  words: "as the case's prescriber of record",
});

/** Notes the acting member wrote. */
export const authoredBy = (user: Pick<UserPrincipal, 'membershipId'>): Condition => ({ query: { authorId: user.membershipId }, words: 'that they wrote' });

/** A note on which the acting member is the named co-signer. */
export const namedCosigner = (user: Pick<UserPrincipal, 'membershipId'>): Condition => ({ query: { cosignerId: user.membershipId }, words: 'naming them as co-signer' });

/** Signed notes shared as one of `visibilities`; never psychotherapy notes. */
export const signedAndSharedAs = (visibilities: readonly string[]): Condition => ({
  query: { status: 'SIGNED', kind: { $ne: 'PSYCHOTHERAPY' }, visibility: { $in: [...visibilities] } },
  words: `signed, shared as ${visibilities.join(' or ')}, never psychotherapy`,
});

/** Signed coordination notes shared with the whole care team (what staff on the team read). */
export const signedCoordinationForTeam: Condition = {
  query: { status: 'SIGNED', kind: 'COORDINATION', visibility: 'CARE_TEAM' },
  words: 'signed COORDINATION notes shared as CARE_TEAM',
};

export function combine(conditions: readonly Condition[]): Condition | undefined {
  if (conditions.length === 0) return undefined;
  return {
    query: Object.assign({}, ...conditions.map((c) => c.query)) as Record<string, unknown>,
    words: conditions.map((c) => c.words).join(', '),
  };
}

/**
 * Break the glass (docs/emergency-access.md): the cases the acting member holds an unexpired
 * emergency grant for, as authentication loaded them with the clock's "now".
 */
export const emergencyCase = (caseIds: readonly string[]): Condition => ({ query: { id: { $in: [...caseIds] } }, words: 'of a case they hold emergency access to' });

/** A record of a case the acting member holds emergency access to. */
export const onEmergencyCase = (caseIds: readonly string[]): Condition => ({
  query: { caseId: { $in: [...caseIds] } },
  words: 'on a case they hold emergency access to',
});

/** A patient of a case the acting member holds emergency access to. */
export const patientOfEmergencyCase = (caseIds: readonly string[]): Condition => ({
  query: { caseIds: { $in: [...caseIds] } },
  words: 'of a case they hold emergency access to',
});

/** A record the acting member asked for (their own emergency grants). */
export const requestedBySelf = (user: Pick<UserPrincipal, 'membershipId'>): Condition => ({ query: { membershipId: user.membershipId }, words: 'that they requested' });

/** Credentials the acting member holds. */
export const heldBySelf = (user: Pick<UserPrincipal, 'membershipId'>): Condition => ({ query: { membershipId: user.membershipId }, words: 'they hold' });

/** Supervision entries the acting member is a party to, as trainee or as supervisor. */
export const partyTo = (user: Pick<UserPrincipal, 'membershipId'>): Condition => ({ query: { partyIds: user.membershipId }, words: 'they are party to (trainee or supervisor)' });

/** Supervision entries the other party logged: no one confirms their own. */
export const loggedByOthers = (user: Pick<UserPrincipal, 'membershipId'>): Condition => ({
  query: { loggedBy: { $ne: user.membershipId } },
  words: 'logged by the other party',
});

/** Credentials someone else holds: no one verifies their own. */
export const heldByOthers = (user: Pick<UserPrincipal, 'membershipId'>): Condition => ({
  query: { membershipId: { $ne: user.membershipId } },
  words: 'held by someone else',
});
