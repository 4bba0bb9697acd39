/**
 * Who is acting. The tenant of a principal comes only from a verified credential
 * (a session token or an API key), never from a header or an argument.
 */
export type ClinicRole = 'ADMIN' | 'PRESCRIBER' | 'THERAPIST' | 'NURSE' | 'STAFF';

export interface UserPrincipal {
  readonly kind: 'user';
  readonly userId: string;
  readonly tenantId: string;
  readonly sessionId: string;
  readonly membershipId: string;
  readonly roles: readonly ClinicRole[];
  /** An outside collaborator is admitted to named cases only. */
  readonly outsideCollaborator: boolean;
  /** Operators of Tandem itself (tenant creation). */
  readonly platformAdmin: boolean;
  /** False while a tenant requires MFA of this member and the session has not passed it. */
  readonly mfaSatisfied: boolean;
  /** Cases this member holds an unexpired emergency-access grant for (break the glass); loaded at authentication. */
  readonly emergencyCaseIds?: readonly string[];
}

export interface PartnerPrincipal {
  readonly kind: 'partner';
  readonly apiKeyId: string;
  readonly tenantId: string;
  readonly scopes: readonly string[];
  /**
   * The clinic's `api.partnerKeysRegisteredOperationsOnly`, read with the key at authentication
   * so a request pays no statement for it; undefined when the principal was made without it.
   */
  readonly registeredOperationsOnly?: boolean;
}

export interface AnonymousPrincipal {
  readonly kind: 'anonymous';
}

export type Principal = UserPrincipal | PartnerPrincipal | AnonymousPrincipal;

export const anonymous: AnonymousPrincipal = Object.freeze({ kind: 'anonymous' });

/** The tenant a principal acts for, or null when it acts for none. */
export function tenantOf(principal: Principal): string | null {
  switch (principal.kind) {
    case 'user':
    case 'partner':
      return principal.tenantId;
    case 'anonymous':
      return null;
  }
}

/** The user a principal acts as, or null (partners and anonymous callers are no user). */
export function userOf(principal: Principal): string | null {
  return principal.kind === 'user' ? principal.userId : null;
}

/** A stable, PHI-free description of the actor for logs and audit. */
export function actorLabel(principal: Principal): string {
  switch (principal.kind) {
    case 'user':
      return `user:${principal.userId}`;
    case 'partner':
      return `apikey:${principal.apiKeyId}`;
    case 'anonymous':
      return 'anonymous';
  }
}
