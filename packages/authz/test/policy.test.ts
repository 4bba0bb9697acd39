import type { ClinicRole, PartnerPrincipal, Principal, UserPrincipal } from '@tandem/core';
import { anonymous } from '@tandem/core';
import { ABILITY_CACHE_SIZE, abilityFor, defineAbilityFor, subjectOf } from '../src';
import type { Action, SubjectType } from '../src';

const CLINIC = '01900000-0000-7000-8000-00000000000a';
const OTHER_CLINIC = '01900000-0000-7000-8000-00000000000b';

function member(roles: ClinicRole[], extra: Partial<UserPrincipal> = {}): UserPrincipal {
  return {
    kind: 'user',
    userId: '01900000-0000-7000-8000-000000000001',
    tenantId: CLINIC,
    sessionId: '01900000-0000-7000-8000-000000000002',
    membershipId: '01900000-0000-7000-8000-000000000003',
    roles,
    outsideCollaborator: false,
    platformAdmin: false,
    mfaSatisfied: true,
    ...extra,
  };
}

const partner = (scopes: string[]): PartnerPrincipal => ({ kind: 'partner', apiKeyId: 'k', tenantId: CLINIC, scopes });

const records = {
  ownClinic: { id: CLINIC },
  otherClinic: { id: OTHER_CLINIC },
  colleague: { id: '01900000-0000-7000-8000-0000000000c1', tenantId: CLINIC, userId: 'u2' },
  ownMembership: { id: '01900000-0000-7000-8000-000000000003', tenantId: CLINIC, userId: '01900000-0000-7000-8000-000000000001' },
  foreignMember: { id: '01900000-0000-7000-8000-0000000000c2', tenantId: OTHER_CLINIC, userId: 'u3' },
  invitation: { id: 'i1', tenantId: CLINIC },
  foreignInvitation: { id: 'i2', tenantId: OTHER_CLINIC },
  apiKey: { id: 'k1', tenantId: CLINIC },
  self: { id: 'x', userId: '01900000-0000-7000-8000-000000000001' },
  someoneElse: { id: 'y', userId: 'another-user' },
};

type Case = [label: string, principal: Principal, action: Action, subject: SubjectType, record: keyof typeof records, allowed: boolean];

const admin = member(['ADMIN']);
const prescriber = member(['PRESCRIBER']);
const therapist = member(['THERAPIST']);
const nurse = member(['NURSE']);
const staff = member(['STAFF']);
const collaborator = member(['THERAPIST'], { outsideCollaborator: true });
const mfaPending = member(['ADMIN'], { mfaSatisfied: false });
const operator = member(['STAFF'], { platformAdmin: true });

const cases: Case[] = [
  ['admin reads own clinic', admin, 'read', 'Tenant', 'ownClinic', true],
  ['admin reads another clinic', admin, 'read', 'Tenant', 'otherClinic', false],
  ['admin updates own clinic', admin, 'update', 'Tenant', 'ownClinic', true],
  ['admin updates another clinic', admin, 'update', 'Tenant', 'otherClinic', false],
  ['prescriber updates own clinic', prescriber, 'update', 'Tenant', 'ownClinic', false],
  ['staff reads own clinic', staff, 'read', 'Tenant', 'ownClinic', true],
  ['admin creates a clinic', admin, 'create', 'Tenant', 'otherClinic', false],
  ['platform admin creates a clinic', operator, 'create', 'Tenant', 'otherClinic', true],
  ['admin reads a colleague', admin, 'read', 'Membership', 'colleague', true],
  ['admin reads a member of another clinic', admin, 'read', 'Membership', 'foreignMember', false],
  ['admin changes a colleague', admin, 'update', 'Membership', 'colleague', true],
  ['admin changes own membership', admin, 'update', 'Membership', 'ownMembership', false],
  ['admin deactivates a colleague', admin, 'deactivate', 'Membership', 'colleague', true],
  ['admin deactivates themself', admin, 'deactivate', 'Membership', 'ownMembership', false],
  ['therapist reads a colleague', therapist, 'read', 'Membership', 'colleague', true],
  ['nurse changes a colleague', nurse, 'update', 'Membership', 'colleague', false],
  ['staff reads a colleague', staff, 'read', 'Membership', 'colleague', true],
  ['collaborator reads a colleague', collaborator, 'read', 'Membership', 'colleague', false],
  ['collaborator reads own membership', collaborator, 'read', 'Membership', 'ownMembership', true],
  ['collaborator reads the clinic', collaborator, 'read', 'Tenant', 'ownClinic', true],
  ['admin creates an invitation', admin, 'create', 'Invitation', 'invitation', true],
  ['admin revokes a foreign invitation', admin, 'revoke', 'Invitation', 'foreignInvitation', false],
  ['prescriber creates an invitation', prescriber, 'create', 'Invitation', 'invitation', false],
  ['staff reads invitations', staff, 'read', 'Invitation', 'invitation', false],
  ['admin rotates an API key', admin, 'rotate', 'ApiKey', 'apiKey', true],
  ['therapist reads API keys', therapist, 'read', 'ApiKey', 'apiKey', false],
  ['anyone reads their own profile', staff, 'read', 'User', 'self', true],
  ['nobody reads another profile', admin, 'read', 'User', 'someoneElse', false],
  ['anyone revokes their own session', nurse, 'revoke', 'Session', 'self', true],
  ["nobody revokes another's session", admin, 'revoke', 'Session', 'someoneElse', false],
  ['MFA-pending admin reads members', mfaPending, 'read', 'Membership', 'colleague', false],
  ['MFA-pending admin updates own profile (to enrol MFA)', mfaPending, 'update', 'User', 'self', true],
  ['partner with tenant:read reads the clinic', partner(['tenant:read']), 'read', 'Tenant', 'ownClinic', true],
  ['partner with tenant:read updates the clinic', partner(['tenant:read']), 'update', 'Tenant', 'ownClinic', false],
  ['partner without members:read reads members', partner(['tenant:read']), 'read', 'Membership', 'colleague', false],
  ['partner with members:read reads members', partner(['members:read']), 'read', 'Membership', 'colleague', true],
  ['partner with an unknown scope', partner(['everything']), 'read', 'Tenant', 'ownClinic', false],
  ['partner with members:read reads invitations', partner(['members:read']), 'read', 'Invitation', 'invitation', false],
  ['anonymous reads a clinic', anonymous, 'read', 'Tenant', 'ownClinic', false],
];

describe('the permission policy', () => {
  it.each(cases)('%s → %s', (_label, principal, action, subject, record, allowed) => {
    expect(defineAbilityFor(principal).can(action, subjectOf(subject, records[record]))).toBe(allowed);
  });

  it('limits fields: clinicians read the directory without e-mail addresses, admins with them', () => {
    const colleague = subjectOf('Membership', records.colleague);
    expect(defineAbilityFor(therapist).can('read', colleague, 'displayName')).toBe(true);
    expect(defineAbilityFor(therapist).can('read', colleague, 'email')).toBe(false);
    expect(defineAbilityFor(admin).can('read', colleague, 'email')).toBe(true);
  });

  it('lets an admin change only name and settings of the clinic', () => {
    const clinic = subjectOf('Tenant', records.ownClinic);
    expect(defineAbilityFor(admin).can('update', clinic, 'settings')).toBe(true);
    expect(defineAbilityFor(admin).can('update', clinic, 'slug')).toBe(false);
  });

  it('gives a member with several roles the union of them', () => {
    const both = defineAbilityFor(member(['THERAPIST', 'ADMIN']));
    expect(both.can('create', subjectOf('Invitation', records.invitation))).toBe(true);
    expect(both.can('read', subjectOf('Membership', records.colleague), 'email')).toBe(true);
  });
});

describe('abilityFor (abilities reused per principal)', () => {
  it('reuses the ability of the same principal, and builds another when anything of it differs', () => {
    const therapist = member(['THERAPIST']);
    const first = abilityFor(therapist);
    expect(abilityFor({ ...therapist })).toBe(first);
    for (const changed of [
      member(['THERAPIST', 'ADMIN']),
      member(['THERAPIST'], { mfaSatisfied: false }),
      member(['THERAPIST'], { emergencyCaseIds: ['01900000-0000-7000-8000-0000000000e1'] }),
      member(['THERAPIST'], { sessionId: '01900000-0000-7000-8000-0000000000f2' }),
      member(['THERAPIST'], { tenantId: OTHER_CLINIC }),
    ]) {
      expect(abilityFor(changed)).not.toBe(first);
    }
    expect(abilityFor(partner(['cases:read']))).not.toBe(abilityFor(partner(['cases:read', 'notes:read'])));
    // What a reused ability allows is what a fresh one allows.
    const note = subjectOf('Note', { tenantId: CLINIC, careTeamMembershipIds: [therapist.membershipId], kind: 'PROGRESS', visibility: 'CARE_TEAM', status: 'SIGNED', authorId: 'x' });
    expect(abilityFor(therapist).can('read', note)).toBe(defineAbilityFor(therapist).can('read', note));
  });

  it(`keeps at most ${ABILITY_CACHE_SIZE} abilities, dropping the least recently used`, () => {
    const kept = partner(['cases:read', 'measures:read']);
    const ability = abilityFor(kept);
    for (let i = 0; i < ABILITY_CACHE_SIZE - 1; i += 1) abilityFor({ ...partner(['cases:read']), apiKeyId: `key-${i}` });
    expect(abilityFor(kept)).toBe(ability);
    for (let i = 0; i < ABILITY_CACHE_SIZE; i += 1) abilityFor({ ...partner(['cases:read']), apiKeyId: `other-${i}` });
    expect(abilityFor(kept)).not.toBe(ability);
  });
});

describe('subjectOf (one tag at a time)', () => {
  it('types the record last tagged; an earlier one is refused, never read as another type', () => {
    const admin = defineAbilityFor(member(['ADMIN']));
    const clinic = subjectOf('Tenant', records.ownClinic);
    expect(admin.can('update', clinic, 'settings')).toBe(true);
    subjectOf('Membership', records.colleague);
    // The clinic's tag is gone: a plain object's type is its class, which no rule names.
    expect(admin.can('update', clinic, 'settings')).toBe(false);
    expect(admin.can('update', subjectOf('Tenant', records.ownClinic), 'settings')).toBe(true);
  });
});
