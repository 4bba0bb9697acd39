import type { MongoAbility } from '@casl/ability';

/**
 * The vocabulary of the permission policy: what can be done, to what. Later issues add their
 * subjects (Case, Patient, Note, ...) here and their rules in policy.ts.
 */
export const ACTIONS = ['read', 'create', 'update', 'deactivate', 'revoke', 'rotate', 'transition', 'assign', 'record', 'sign', 'verify'] as const;
export type Action = (typeof ACTIONS)[number];

/** Each subject with every field it has; fields a rule does not list are covered by it whole. */
export const SUBJECT_FIELDS = {
  Tenant: ['id', 'slug', 'name', 'settings', 'createdAt'],
  Membership: ['id', 'tenantId', 'userId', 'roles', 'outsideCollaborator', 'status', 'displayName', 'email', 'createdAt'],
  Invitation: ['id', 'tenantId', 'email', 'roles', 'outsideCollaborator', 'expiresAt', 'acceptedAt', 'revokedAt', 'createdAt'],
  ApiKey: ['id', 'tenantId', 'label', 'scopes', 'prefix', 'expiresAt', 'revokedAt', 'lastUsedAt', 'createdAt'],
  User: ['id', 'userId', 'email', 'displayName', 'mfaEnabled'],
  Session: ['id', 'tenantId', 'userId', 'createdAt', 'lastSeenAt', 'expiresAt'],
  Patient: [
    'id', 'tenantId', 'mrn', 'givenName', 'familyName', 'dateOfBirth', 'sex', 'phone', 'email',
    'emergencyContactName', 'emergencyContactPhone', 'state', 'createdAt', 'weight', 'careTeamMembershipIds', 'caseIds',
  ],
  Case: [
    'id', 'tenantId', 'patientId', 'indication', 'indicationOther', 'referralSource', 'status', 'statusReason', 'heldFrom', 'openedAt', 'closedAt',
    'careTeam', 'timeline', 'careTeamMembershipIds', 'prescriberOfRecordIds',
  ],
  Screening: ['id', 'tenantId', 'caseId', 'performedAt', 'outcome', 'presentAbsolute', 'presentRelative', 'answers', 'medicalHistory', 'medications', 'baselineVitals', 'careTeamMembershipIds'],
  Clearance: ['id', 'tenantId', 'caseId', 'screeningId', 'grantedAt', 'grantedBy', 'overrides', 'careTeamMembershipIds'],
  Consent: [
    'id', 'tenantId', 'caseId', 'documentId', 'documentTitle', 'documentVersion', 'signerName', 'witnessName', 'method', 'signedAt',
    'revokedAt', 'revocationReason', 'careTeamMembershipIds',
  ],
  ConsentDocument: ['id', 'tenantId', 'title', 'version', 'body', 'createdAt'],
  Measure: ['id', 'tenantId', 'caseId', 'instrument', 'administeredAt', 'total', 'band', 'risk', 'clusters', 'answers', 'safetySignal', 'careTeamMembershipIds'],
  TreatmentPlan: ['id', 'tenantId', 'caseId', 'route', 'plannedDosingSessions', 'doseUnit', 'doseMin', 'doseMax', 'maxSessionsPerWindow', 'windowDays', 'rangeOverrideReason', 'createdAt', 'careTeamMembershipIds', 'prescriberOfRecordIds'],
  TreatmentSession: [
    'id', 'tenantId', 'caseId', 'kind', 'startsAt', 'expectedMinutes', 'location', 'status', 'participantIds', 'supervisorId', 'cancelledAt', 'cancellationReason',
    'monitoring', 'dose', 'vitals', 'adverseEvents', 'remsFormDue', 'escalation', 'completedAt', 'credentialBlocks', 'careTeamMembershipIds',
  ],
  Dose: ['id', 'tenantId', 'caseId', 'careTeamMembershipIds'],
  Vitals: ['id', 'tenantId', 'caseId', 'careTeamMembershipIds'],
  Note: [
    'id', 'tenantId', 'caseId', 'sessionId', 'kind', 'visibility', 'status', 'authorId', 'authorName', 'body', 'version', 'cosignerId', 'cosignedAt',
    'createdAt', 'updatedAt', 'signedAt', 'addenda', 'careTeamMembershipIds',
  ],
  FollowUp: ['id', 'tenantId', 'caseId', 'kind', 'title', 'assigneeId', 'dueAt', 'priority', 'status', 'overdue', 'completionNote', 'closedAt', 'updatedAt', 'careTeamMembershipIds'],
  SafetySignal: ['id', 'tenantId', 'caseId', 'measureId', 'reasons', 'openedAt', 'acknowledgedAt', 'acknowledgedBy', 'actionTaken', 'careTeamMembershipIds'],
  EmergencyAccess: [
    'id', 'tenantId', 'caseId', 'membershipId', 'reason', 'grantedAt', 'expiresAt', 'active', 'reviewOutcome', 'reviewedBy', 'reviewedAt', 'reviewNote', 'careTeamMembershipIds',
  ],
  WebhookEndpoint: ['id', 'tenantId', 'url', 'eventTypes', 'status', 'disabledReason', 'disabledAt', 'createdAt'],
  RegisteredOperation: ['id', 'tenantId', 'name', 'sha256', 'query', 'registeredBy', 'createdAt'],
  Credential: [
    'id', 'tenantId', 'membershipId', 'kind', 'issuer', 'number', 'jurisdiction', 'issuedOn', 'expiresOn', 'hours', 'modules', 'otherModules', 'documentRef',
    'verified', 'verifiedBy', 'verifiedAt', 'createdAt', 'updatedAt',
  ],
  TrainingProgramme: ['tenantId', 'role', 'modules', 'minHours', 'updatedAt'],
  SupervisionEntry: [
    'id', 'tenantId', 'traineeId', 'supervisorId', 'partyIds', 'loggedBy', 'heldOn', 'hours', 'kind', 'modules', 'note', 'confirmed', 'confirmedBy', 'confirmedAt', 'createdAt',
  ],
  WebhookAttempt: ['id', 'tenantId', 'endpointId', 'webhookId', 'eventType', 'attempt', 'attemptedAt', 'statusCode', 'error', 'durationMs'],
  AuditEvent: [
    'id', 'tenantId', 'occurredAt', 'actorKind', 'actorId', 'actingRoles', 'action', 'subjectType', 'subjectId', 'caseId', 'patientId', 'records', 'fields', 'outcome',
    'emergency', 'requestId', 'ip', 'userAgent', 'seq',
  ],
} as const satisfies Record<string, readonly string[]>;

export type SubjectType = keyof typeof SUBJECT_FIELDS;
export const SUBJECT_TYPES = Object.keys(SUBJECT_FIELDS) as SubjectType[];

/** A record tagged with its subject type (see `subjectOf`). */
export type TaggedSubject = { readonly __subject: SubjectType } & Record<string, unknown>;

export type AppAbility = MongoAbility<[Action, SubjectType | TaggedSubject]>;

/** The record last tagged, and its type (see subjectOf). */
let tagged: object | undefined;
let taggedType: SubjectType | undefined;

/**
 * Tags a plain record so CASL can match instance rules against it: the record itself, its type
 * kept aside for the ability's detectSubjectType (subjectTypeOf) until the next record is
 * tagged. Every check reads the tag at once (`can(action, subjectOf(type, record))`, and CASL's
 * `can` is synchronous), so one slot is enough: it used to be a copy with a `__subject` field per
 * row checked, then a WeakMap entry per row (2 % of the partner sync's CPU). A record checked
 * after another was tagged is tagged again; one that is not falls back to its class, which no
 * rule names, and is refused.
 */
export function subjectOf<T extends object>(type: SubjectType, record: T): T & TaggedSubject {
  tagged = record;
  taggedType = type;
  return record as T & TaggedSubject;
}

/** A record's subject type: its tag if it is the record last tagged, or (a class instance) its class. */
export function subjectTypeOf(object: object): SubjectType | (new (...args: never[]) => unknown) {
  return object === tagged && taggedType !== undefined ? taggedType : (object.constructor as new (...args: never[]) => unknown);
}

/** Scopes a partner API key may hold. Psychotherapy notes are never among them. */
export const API_SCOPES = ['tenant:read', 'members:read', 'cases:read', 'measures:read', 'sessions:read', 'notes:read', 'followups:read', 'webhooks:manage'] as const;
export type ApiScope = (typeof API_SCOPES)[number];
