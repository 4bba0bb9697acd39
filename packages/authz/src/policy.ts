import type { ClinicRole, PartnerPrincipal, UserPrincipal } from '@tandem/core';
import {
  authoredBy,
  emergencyCase,
  heldByOthers,
  heldBySelf,
  inOwnClinic,
  loggedByOthers,
  namedCosigner,
  notOwnMembership,
  onCareTeam,
  onEmergencyCase,
  ownClinic,
  ownMembership,
  ownedBySelf,
  partyTo,
  patientOfEmergencyCase,
  prescriberOfRecord,
  requestedBySelf,
  signedAndSharedAs,
  signedCoordinationForTeam,
} from './conditions';
import type { Condition } from './conditions';
import type { Action, ApiScope, SubjectType } from './subjects';

/**
 * THE PERMISSION POLICY. One function per kind of actor, each returning what that actor may do.
 * Anything not granted here is denied. This file is the one a compliance reviewer reads;
 * docs/permissions.md is generated from it (`pnpm permissions:write`).
 *
 * Principles (domain.md, "Who works a case" and "Notes and HIPAA"):
 * - Clinic admins manage members, invitations, API keys and settings; they get no clinical
 *   content by being admins (clinical subjects arrive with later issues and grant by care team).
 * - Staff see logistics, never clinical narrative; outside collaborators see only the cases
 *   they are admitted to and nothing else of the clinic.
 * - Partners act only within the scopes of their key; no scope ever reaches psychotherapy notes.
 * - A member whose clinic requires MFA and who has not passed it may only set up MFA and sign out.
 */
export interface Grant {
  readonly action: Action | readonly Action[];
  readonly subject: SubjectType;
  readonly when?: readonly Condition[];
  /** Limits the grant to these fields; absent means every field. */
  readonly fields?: readonly string[];
}

const DIRECTORY_FIELDS = ['id', 'tenantId', 'userId', 'roles', 'outsideCollaborator', 'status', 'displayName'];
const CLINIC_PROFILE = ['id', 'slug', 'name', 'settings', 'createdAt'];
/** Who the patient is and how to reach them: registration and scheduling, not clinical content. */
const DEMOGRAPHICS = ['id', 'tenantId', 'mrn', 'givenName', 'familyName', 'dateOfBirth', 'sex', 'phone', 'email', 'emergencyContactName', 'emergencyContactPhone', 'state', 'createdAt'];
/** A case as logistics sees it: status, dates and team, without indication or referral. */
const CASE_LOGISTICS = ['id', 'tenantId', 'patientId', 'status', 'openedAt', 'closedAt', 'careTeam'];

/** Consent as paperwork: which form, signed how and when, revoked or not; no reasons. */
const CONSENT_STATUS = ['id', 'tenantId', 'caseId', 'documentId', 'documentTitle', 'documentVersion', 'method', 'signedAt', 'revokedAt'];

/** A session as the schedule sees it: when, where, who, and whether it happened. */
const SESSION_SCHEDULE = ['id', 'tenantId', 'caseId', 'kind', 'startsAt', 'expectedMinutes', 'location', 'status', 'participantIds', 'cancelledAt', 'completedAt'];

/** Follow-ups: the care team's tasks, staff (coordinators) included; completion notes are kept. */
function followUpGrants(user: UserPrincipal): Grant[] {
  return [{ action: ['read', 'create', 'update'], subject: 'FollowUp', when: [inOwnClinic(user), onCareTeam(user)] }];
}

/** Scheduling sessions: everyone who works at the clinic; the content is the care team's. */
function scheduling(user: UserPrincipal): Grant[] {
  return [
    { action: ['read', 'create', 'update'], subject: 'TreatmentSession', when: [inOwnClinic(user)], fields: SESSION_SCHEDULE },
    // Whether a credential lapses before a session is the schedule's business, but not a partner's.
    { action: 'read', subject: 'TreatmentSession', when: [inOwnClinic(user)], fields: ['credentialBlocks'] },
    ...followUpGrants(user),
  ];
}

/**
 * Case notes (domain.md, "Notes and HIPAA"): authors keep their own notes, drafts included;
 * team members read signed notes as far as the note's visibility reaches their role; a named
 * co-signer signs. Admins read no note content by being admins.
 */
function noteGrants(user: UserPrincipal, sharedWithMe: readonly string[] | 'coordination'): Grant[] {
  const shared = sharedWithMe === 'coordination' ? signedCoordinationForTeam : signedAndSharedAs(sharedWithMe);
  return [
    { action: ['read', 'update', 'sign'], subject: 'Note', when: [inOwnClinic(user), authoredBy(user)] },
    { action: 'create', subject: 'Note', when: [inOwnClinic(user), onCareTeam(user)] },
    { action: 'read', subject: 'Note', when: [inOwnClinic(user), onCareTeam(user), shared] },
    { action: 'sign', subject: 'Note', when: [inOwnClinic(user), namedCosigner(user)] },
  ];
}

const NOTE_AUDIENCE = {
  PRESCRIBER: ['CARE_TEAM', 'CLINICIANS', 'PRESCRIBERS'],
  THERAPIST: ['CARE_TEAM', 'CLINICIANS'],
  NURSE: ['CARE_TEAM', 'CLINICIANS'],
} as const;

/** Registering and finding patients: everyone who works at the clinic. */
function patientRegistration(user: UserPrincipal): Grant[] {
  return [{ action: ['read', 'create', 'update'], subject: 'Patient', when: [inOwnClinic(user)], fields: DEMOGRAPHICS }];
}

export function adminGrants(user: UserPrincipal): Grant[] {
  return [
    { action: 'read', subject: 'Tenant', when: [ownClinic(user)], fields: CLINIC_PROFILE },
    { action: 'update', subject: 'Tenant', when: [ownClinic(user)], fields: ['name', 'settings'] },
    { action: 'read', subject: 'Membership', when: [inOwnClinic(user)] },
    { action: ['update', 'deactivate'], subject: 'Membership', when: [inOwnClinic(user), notOwnMembership(user)], fields: ['roles', 'status'] },
    { action: ['create', 'read', 'revoke'], subject: 'Invitation', when: [inOwnClinic(user)] },
    { action: ['create', 'read', 'rotate', 'revoke'], subject: 'ApiKey', when: [inOwnClinic(user)] },
    ...patientRegistration(user),
    { action: 'read', subject: 'Case', when: [inOwnClinic(user)], fields: CASE_LOGISTICS },
    // Admins staff care teams and may hold, withdraw or close a case (the lifecycle says which).
    { action: ['create', 'assign', 'transition'], subject: 'Case', when: [inOwnClinic(user)] },
    { action: ['read', 'create'], subject: 'ConsentDocument', when: [inOwnClinic(user)] },
    // Partners register webhooks; admins oversee them: see every attempt, switch an endpoint off or on.
    { action: ['read', 'update'], subject: 'WebhookEndpoint', when: [inOwnClinic(user)] },
    { action: 'read', subject: 'WebhookAttempt', when: [inOwnClinic(user)] },
    // The operations partner keys may run when the clinic allows registered operations only.
    { action: ['create', 'read', 'revoke'], subject: 'RegisteredOperation', when: [inOwnClinic(user)] },
    // Who read or changed which record: admins review the trail; no one else reads it (docs/audit.md).
    { action: 'read', subject: 'AuditEvent', when: [inOwnClinic(user)] },
    // Admins review every emergency access (accept or flag it): the grant, never the case's content.
    { action: ['read', 'update'], subject: 'EmergencyAccess', when: [inOwnClinic(user)] },
    // Credentials (docs/credentials.md): admins see everyone's and verify others', and set the programme.
    { action: 'read', subject: 'Credential', when: [inOwnClinic(user)] },
    { action: 'verify', subject: 'Credential', when: [inOwnClinic(user), heldByOthers(user)] },
    { action: 'update', subject: 'TrainingProgramme', when: [inOwnClinic(user)] },
    // Admins read every supervision log; only the parties vouch for an entry.
    { action: 'read', subject: 'SupervisionEntry', when: [inOwnClinic(user)] },
  ];
}

/**
 * Every member keeps their own credentials (a change clears the verification) and reads the
 * clinic's training programme, so they can see their own gaps. Supervision is logged by either
 * party (trainee or supervisor), read by both, and confirmed by the one who did not log it.
 */
function ownCredentialGrants(user: UserPrincipal): Grant[] {
  return [
    { action: ['read', 'create', 'update'], subject: 'Credential', when: [inOwnClinic(user), heldBySelf(user)] },
    { action: 'read', subject: 'TrainingProgramme', when: [inOwnClinic(user)] },
    { action: ['read', 'create'], subject: 'SupervisionEntry', when: [inOwnClinic(user), partyTo(user)] },
    { action: 'verify', subject: 'SupervisionEntry', when: [inOwnClinic(user), partyTo(user), loggedByOthers(user)] },
  ];
}

/** The clinic's profile and its staff directory: for everyone who works at the clinic. */
function colleagueGrants(user: UserPrincipal): Grant[] {
  return [
    { action: 'read', subject: 'Tenant', when: [ownClinic(user)], fields: CLINIC_PROFILE },
    { action: 'read', subject: 'Membership', when: [inOwnClinic(user)], fields: DIRECTORY_FIELDS },
  ];
}

/** Prescribers, therapists and nurses: clinical content of the cases whose care team they are on. */
export function clinicianGrants(user: UserPrincipal): Grant[] {
  return [
    ...colleagueGrants(user),
    ...patientRegistration(user),
    { action: ['read', 'update'], subject: 'Patient', when: [inOwnClinic(user), onCareTeam(user)], fields: ['weight'] },
    { action: 'create', subject: 'Case', when: [inOwnClinic(user)] },
    { action: ['read', 'transition'], subject: 'Case', when: [inOwnClinic(user), onCareTeam(user)] },
    { action: 'assign', subject: 'Case', when: [inOwnClinic(user), prescriberOfRecord(user)] },
    { action: ['read', 'create'], subject: 'Screening', when: [inOwnClinic(user), onCareTeam(user)] },
    { action: 'read', subject: 'Clearance', when: [inOwnClinic(user), onCareTeam(user)] },
    { action: ['read', 'create', 'revoke'], subject: 'Consent', when: [inOwnClinic(user), onCareTeam(user)] },
    { action: 'read', subject: 'ConsentDocument', when: [inOwnClinic(user)] },
    { action: ['read', 'create'], subject: 'Measure', when: [inOwnClinic(user), onCareTeam(user)] },
    // Acknowledging a safety signal records what was done about it.
    { action: ['read', 'update'], subject: 'SafetySignal', when: [inOwnClinic(user), onCareTeam(user)] },
    ...scheduling(user),
    { action: ['read', 'record'], subject: 'TreatmentSession', when: [inOwnClinic(user), onCareTeam(user)] },
    { action: 'read', subject: 'TreatmentPlan', when: [inOwnClinic(user), onCareTeam(user)] },
    // Break the glass: any clinician may ask (the service refuses team members); the team sees who did.
    { action: 'create', subject: 'EmergencyAccess', when: [inOwnClinic(user)] },
    { action: 'read', subject: 'EmergencyAccess', when: [inOwnClinic(user), requestedBySelf(user)] },
    { action: 'read', subject: 'EmergencyAccess', when: [inOwnClinic(user), onCareTeam(user)] },
  ];
}

/**
 * Emergency access (docs/emergency-access.md, HIPAA 164.312(a)(2)(ii)): on the cases of unexpired
 * grants only, what a care-team member of the role reads, and nothing more: no writes (a
 * clinician who must act joins the care team), and notes only as signedAndSharedAs allows, so
 * psychotherapy notes stay their author's.
 */
function emergencyGrants(user: UserPrincipal, audience: readonly string[]): Grant[] {
  const caseIds = user.emergencyCaseIds ?? [];
  if (caseIds.length === 0) return [];
  const onCase = [inOwnClinic(user), onEmergencyCase(caseIds)];
  return [
    { action: 'read', subject: 'Case', when: [inOwnClinic(user), emergencyCase(caseIds)] },
    { action: 'read', subject: 'Patient', when: [inOwnClinic(user), patientOfEmergencyCase(caseIds)], fields: ['weight'] },
    ...(['Screening', 'Clearance', 'Consent', 'Measure', 'SafetySignal', 'TreatmentSession', 'TreatmentPlan', 'FollowUp'] as const).map(
      (subject): Grant => ({ action: 'read', subject, when: onCase }),
    ),
    { action: 'read', subject: 'Note', when: [...onCase, signedAndSharedAs(audience)] },
  ];
}

/** Nurses on the team take vitals and monitor dosing. */
export function nurseGrants(user: UserPrincipal): Grant[] {
  return [...clinicianGrants(user), { action: 'record', subject: 'Vitals', when: [inOwnClinic(user), onCareTeam(user)] }];
}

/** Prescribers also give medical clearance, on the cases whose care team they are on. */
export function prescriberGrants(user: UserPrincipal): Grant[] {
  return [
    ...clinicianGrants(user),
    { action: 'create', subject: 'Clearance', when: [inOwnClinic(user), onCareTeam(user)] },
    // Plans belong to the case's prescriber of record; doses to any prescriber on its team.
    { action: 'create', subject: 'TreatmentPlan', when: [inOwnClinic(user), prescriberOfRecord(user)] },
    { action: 'record', subject: 'Dose', when: [inOwnClinic(user), onCareTeam(user)] },
    { action: 'record', subject: 'Vitals', when: [inOwnClinic(user), onCareTeam(user)] },
  ];
}

/** Front desk and coordinators: demographics, schedule and logistics; no clinical narrative. */
export function staffGrants(user: UserPrincipal): Grant[] {
  return [
    ...colleagueGrants(user),
    ...patientRegistration(user),
    { action: 'read', subject: 'Case', when: [inOwnClinic(user)], fields: CASE_LOGISTICS },
    { action: 'create', subject: 'Case', when: [inOwnClinic(user)] },
    { action: 'transition', subject: 'Case', when: [inOwnClinic(user), onCareTeam(user)] },
    // A coordinator on the team files signed consent forms.
    { action: 'read', subject: 'Consent', when: [inOwnClinic(user), onCareTeam(user)], fields: CONSENT_STATUS },
    { action: 'create', subject: 'Consent', when: [inOwnClinic(user), onCareTeam(user)] },
    { action: 'read', subject: 'ConsentDocument', when: [inOwnClinic(user)] },
    ...scheduling(user),
  ];
}

/** A clinician from another practice: their own membership and the clinic's name, nothing else. */
export function outsideCollaboratorGrants(user: UserPrincipal): Grant[] {
  return [
    { action: 'read', subject: 'Tenant', when: [ownClinic(user)], fields: ['id', 'slug', 'name'] },
    { action: 'read', subject: 'Membership', when: [ownMembership(user)], fields: DIRECTORY_FIELDS },
    { action: 'read', subject: 'Patient', when: [onCareTeam(user)], fields: [...DEMOGRAPHICS, 'weight'] },
    { action: 'update', subject: 'Patient', when: [onCareTeam(user)], fields: ['weight'] },
    { action: ['read', 'transition'], subject: 'Case', when: [onCareTeam(user)] },
    { action: 'read', subject: 'Screening', when: [onCareTeam(user)] },
    { action: 'read', subject: 'Clearance', when: [onCareTeam(user)] },
    { action: 'read', subject: 'Consent', when: [onCareTeam(user)] },
    { action: ['read', 'create'], subject: 'Measure', when: [onCareTeam(user)] },
    { action: ['read', 'update'], subject: 'SafetySignal', when: [onCareTeam(user)] },
    { action: ['read', 'record'], subject: 'TreatmentSession', when: [onCareTeam(user)] },
    { action: 'read', subject: 'TreatmentPlan', when: [onCareTeam(user)] },
    { action: ['read', 'create', 'update'], subject: 'FollowUp', when: [onCareTeam(user)] },
  ];
}

/** Every signed-in person, whatever their roles: their own profile, MFA and sessions. */
export function selfGrants(user: UserPrincipal): Grant[] {
  return [
    { action: ['read', 'update'], subject: 'User', when: [ownedBySelf(user)] },
    { action: ['read', 'revoke'], subject: 'Session', when: [ownedBySelf(user)] },
  ];
}

/** Operators of Tandem: they create clinics (and nothing inside one by being operators). */
export function platformAdminGrants(): Grant[] {
  return [{ action: 'create', subject: 'Tenant' }];
}

/** What each partner scope unlocks. Scopes for later subjects unlock nothing until they exist. */
export const SCOPE_GRANTS: Readonly<Record<ApiScope, (key: PartnerPrincipal) => Grant[]>> = {
  'tenant:read': (key) => [{ action: 'read', subject: 'Tenant', when: [ownClinic(key)], fields: ['id', 'slug', 'name', 'createdAt'] }],
  'members:read': (key) => [{ action: 'read', subject: 'Membership', when: [inOwnClinic(key)], fields: DIRECTORY_FIELDS }],
  'cases:read': (key) => [
    { action: 'read', subject: 'Case', when: [inOwnClinic(key)], fields: ['id', 'tenantId', 'patientId', 'status', 'indication', 'indicationOther', 'openedAt', 'closedAt'] },
    { action: 'read', subject: 'Patient', when: [inOwnClinic(key)], fields: ['id', 'tenantId', 'mrn', 'givenName', 'familyName', 'dateOfBirth', 'sex'] },
  ],
  // Scores, bands and trend points; never the item answers.
  'measures:read': (key) => [
    { action: 'read', subject: 'Measure', when: [inOwnClinic(key)], fields: ['id', 'tenantId', 'caseId', 'instrument', 'administeredAt', 'total', 'band', 'risk', 'clusters'] },
  ],
  'sessions:read': (key) => [{ action: 'read', subject: 'TreatmentSession', when: [inOwnClinic(key)], fields: SESSION_SCHEDULE }],
  // Never psychotherapy notes, never drafts, never notes kept to prescribers or the author.
  'notes:read': (key) => [{ action: 'read', subject: 'Note', when: [inOwnClinic(key), signedAndSharedAs(['CARE_TEAM', 'CLINICIANS'])] }],
  'followups:read': (key) => [
    { action: 'read', subject: 'FollowUp', when: [inOwnClinic(key)], fields: ['id', 'tenantId', 'caseId', 'kind', 'assigneeId', 'dueAt', 'priority', 'status', 'overdue', 'closedAt', 'updatedAt'] },
  ],
  // The clinic's endpoints and their delivery attempts; events carry ids only, so this scope reads no records.
  'webhooks:manage': (key) => [
    { action: ['create', 'read', 'update', 'rotate'], subject: 'WebhookEndpoint', when: [inOwnClinic(key)] },
    { action: 'read', subject: 'WebhookAttempt', when: [inOwnClinic(key)] },
  ],
};

export const ROLE_GRANTS: Readonly<Record<ClinicRole, (user: UserPrincipal) => Grant[]>> = {
  ADMIN: adminGrants,
  PRESCRIBER: (user) => [...prescriberGrants(user), ...noteGrants(user, NOTE_AUDIENCE.PRESCRIBER), ...emergencyGrants(user, NOTE_AUDIENCE.PRESCRIBER)],
  THERAPIST: (user) => [...clinicianGrants(user), ...noteGrants(user, NOTE_AUDIENCE.THERAPIST), ...emergencyGrants(user, NOTE_AUDIENCE.THERAPIST)],
  NURSE: (user) => [...nurseGrants(user), ...noteGrants(user, NOTE_AUDIENCE.NURSE), ...emergencyGrants(user, NOTE_AUDIENCE.NURSE)],
  STAFF: (user) => [...staffGrants(user), ...noteGrants(user, 'coordination')],
};

/** An outside collaborator's notes follow their clinical role, on the cases they are on. */
function collaboratorNoteGrants(user: UserPrincipal): Grant[] {
  return user.roles.flatMap((role) => (role === 'PRESCRIBER' || role === 'THERAPIST' || role === 'NURSE' ? noteGrants(user, NOTE_AUDIENCE[role]) : []));
}

/** Every grant of a signed-in member, by the rules above. */
export function userGrants(user: UserPrincipal): Grant[] {
  if (!user.mfaSatisfied) return selfGrants(user);
  const roleGrants = user.outsideCollaborator
    ? [...outsideCollaboratorGrants(user), ...collaboratorNoteGrants(user)]
    : user.roles.flatMap((role) => ROLE_GRANTS[role](user));
  return [...selfGrants(user), ...ownCredentialGrants(user), ...roleGrants, ...(user.platformAdmin ? platformAdminGrants() : [])];
}

export function partnerGrants(key: PartnerPrincipal): Grant[] {
  return key.scopes.filter((scope): scope is ApiScope => scope in SCOPE_GRANTS).flatMap((scope) => SCOPE_GRANTS[scope](key));
}
