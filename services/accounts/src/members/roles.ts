import { BadUserInputError } from '@tandem/core';
import type { ClinicRole } from '@tandem/core';

export const CLINIC_ROLES: readonly ClinicRole[] = ['ADMIN', 'PRESCRIBER', 'THERAPIST', 'NURSE', 'STAFF'];

/**
 * At least one role, no repeats; an outside collaborator is a clinician (prescriber, therapist
 * or nurse) admitted to named cases, never an admin or staff of the clinic.
 */
export function assertValidRoles(roles: readonly ClinicRole[], outsideCollaborator: boolean): void {
  if (roles.length === 0) throw new BadUserInputError('roles', 'At least one role is required');
  if (new Set(roles).size !== roles.length) throw new BadUserInputError('roles', 'A role is listed twice');
  if (roles.some((role) => !CLINIC_ROLES.includes(role))) throw new BadUserInputError('roles', 'Unknown role');
  if (outsideCollaborator && roles.some((role) => role === 'ADMIN' || role === 'STAFF')) {
    throw new BadUserInputError('roles', 'An outside collaborator can only be a prescriber, therapist or nurse');
  }
}
