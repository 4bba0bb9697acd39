import type { ClinicRole, PartnerPrincipal, UserPrincipal } from '@tandem/core';
import { combine } from './conditions';
import { partnerGrants, userGrants } from './policy';
import type { Grant } from './policy';
import { ACTIONS, API_SCOPES, SUBJECT_TYPES } from './subjects';
import type { Action, SubjectType } from './subjects';

/**
 * docs/permissions.md, generated from the policy itself: for each subject, which actor may do
 * which action, under which conditions, on which fields. A test fails when the committed file
 * differs from this rendering.
 */
interface Actor {
  readonly label: string;
  readonly grants: Grant[];
}

const ID = '00000000-0000-7000-8000-000000000000';

function member(roles: ClinicRole[], extra: Partial<UserPrincipal> = {}): UserPrincipal {
  return { kind: 'user', userId: ID, tenantId: ID, sessionId: ID, membershipId: ID, roles, outsideCollaborator: false, platformAdmin: false, mfaSatisfied: true, ...extra };
}

function partner(scope: string): PartnerPrincipal {
  return { kind: 'partner', apiKeyId: ID, tenantId: ID, scopes: [scope] };
}

function actors(): Actor[] {
  const roles: ClinicRole[] = ['ADMIN', 'PRESCRIBER', 'THERAPIST', 'NURSE', 'STAFF'];
  return [
    ...roles.map((role) => ({ label: role, grants: userGrants(member([role])) })),
    { label: 'NURSE with emergency access', grants: userGrants(member(['NURSE'], { emergencyCaseIds: [ID] })) },
    { label: 'outside collaborator', grants: userGrants(member(['THERAPIST'], { outsideCollaborator: true })) },
    { label: 'MFA pending', grants: userGrants(member(['PRESCRIBER'], { mfaSatisfied: false })) },
    { label: 'platform admin', grants: userGrants(member(['ADMIN'], { platformAdmin: true })).filter((g) => g.subject === 'Tenant' && !g.when) },
    ...API_SCOPES.map((scope) => ({ label: `key: ${scope}`, grants: partnerGrants(partner(scope)) })),
  ];
}

function cell(grants: Grant[], action: Action, subject: SubjectType): string {
  const matching = grants.filter((g) => g.subject === subject && (g.action === action || (typeof g.action !== 'string' && g.action.includes(action))));
  if (matching.length === 0) return '—';
  return matching
    .map((g) => {
      const words = combine(g.when ?? [])?.words ?? 'any';
      return g.fields ? `${words} (fields: ${g.fields.join(', ')})` : words;
    })
    .join('; or ');
}

export function renderPermissionsDoc(): string {
  const all = actors();
  const lines = [
    '# Permissions',
    '',
    '<!-- Generated from packages/authz/src/policy.ts by `pnpm permissions:write`. Do not edit: a test fails when this file is stale. -->',
    '',
    'Everything not listed is denied. Conditions are in words; "any" means unconditional. Rows are actions,',
    'columns are actors. A member with several roles has the union of their columns. Anonymous callers',
    'have no permissions. Reading something you may not see answers `NOT_FOUND`; acting on something',
    'you may see but not change answers `FORBIDDEN`. Row-level security confines every actor to their',
    'own clinic regardless of these rules.',
    '',
  ];
  for (const subject of SUBJECT_TYPES) {
    const used = all.filter((actor) => actor.grants.some((g) => g.subject === subject));
    lines.push(`## ${subject}`, '', `| action | ${used.map((a) => a.label).join(' | ')} |`, `|---|${used.map(() => '---').join('|')}|`);
    for (const action of ACTIONS) {
      const row = used.map((actor) => cell(actor.grants, action, subject));
      if (row.some((c) => c !== '—')) lines.push(`| ${action} | ${row.join(' | ')} |`);
    }
    lines.push('');
  }
  lines.push('Actors that hold no permission on a subject are left out of its table.', '');
  return lines.join('\n');
}
