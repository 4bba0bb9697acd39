import type { ClinicRole, UserPrincipal } from '@tandem/core';
import { accessibleWhere, defineAbilityFor, subjectOf } from '../src';
import type { ColumnMap } from '../src';

const CLINIC = '01900000-0000-7000-8000-00000000000a';
const ME = '01900000-0000-7000-8000-000000000003';
const GLASS_CASE = '01900000-0000-7000-8000-0000000000e1';
const OTHER_CASE = '01900000-0000-7000-8000-0000000000e2';
const AUTHOR = '01900000-0000-7000-8000-0000000000a1';

function member(roles: ClinicRole[], extra: Partial<UserPrincipal> = {}): UserPrincipal {
  return { kind: 'user', userId: 'u1', tenantId: CLINIC, sessionId: 's1', membershipId: ME, roles, outsideCollaborator: false, platformAdmin: false, mfaSatisfied: true, emergencyCaseIds: [GLASS_CASE], ...extra };
}

const onCase = (caseId: string) => ({ tenantId: CLINIC, caseId, careTeamMembershipIds: [AUTHOR] });
const note = (caseId: string, kind: string, visibility: string) => subjectOf('Note', { ...onCase(caseId), id: 'n1', authorId: AUTHOR, status: 'SIGNED', kind, visibility });

describe('emergency access in the policy', () => {
  const nurse = defineAbilityFor(member(['NURSE']));

  it('reads the case and its records on the glass case only', () => {
    expect(nurse.can('read', subjectOf('Case', { id: GLASS_CASE, tenantId: CLINIC, careTeamMembershipIds: [AUTHOR] }))).toBe(true);
    expect(nurse.can('read', subjectOf('Case', { id: OTHER_CASE, tenantId: CLINIC, careTeamMembershipIds: [AUTHOR] }))).toBe(false);
    // A clinical field of each (every clinician reads a session's schedule fields anyway).
    const clinical = [['Measure', 'answers'], ['TreatmentSession', 'dose'], ['Screening', 'answers'], ['FollowUp', 'completionNote']] as const;
    for (const [subject, field] of clinical) {
      expect([subject, nurse.can('read', subjectOf(subject, onCase(GLASS_CASE)), field)]).toEqual([subject, true]);
      expect([subject, nurse.can('read', subjectOf(subject, onCase(OTHER_CASE)), field)]).toEqual([subject, false]);
    }
    expect(nurse.can('read', subjectOf('Patient', { id: 'p1', tenantId: CLINIC, careTeamMembershipIds: [], caseIds: [GLASS_CASE] }), 'weight')).toBe(true);
    expect(nurse.can('read', subjectOf('Patient', { id: 'p2', tenantId: CLINIC, careTeamMembershipIds: [], caseIds: [OTHER_CASE] }), 'weight')).toBe(false);
  });

  it('reads shared signed notes but never a psychotherapy note, whatever its visibility', () => {
    expect(nurse.can('read', note(GLASS_CASE, 'PROGRESS', 'CARE_TEAM'))).toBe(true);
    expect(nurse.can('read', note(GLASS_CASE, 'MEDICAL', 'PRESCRIBERS'))).toBe(false);
    expect(nurse.can('read', note(GLASS_CASE, 'PSYCHOTHERAPY', 'AUTHOR_ONLY'))).toBe(false);
    expect(nurse.can('read', note(GLASS_CASE, 'PSYCHOTHERAPY', 'CARE_TEAM'))).toBe(false);
    expect(defineAbilityFor(member(['PRESCRIBER'])).can('read', note(GLASS_CASE, 'MEDICAL', 'PRESCRIBERS'))).toBe(true);
  });

  it('allows no writes under emergency access', () => {
    expect(nurse.can('record', subjectOf('Vitals', onCase(GLASS_CASE)))).toBe(false);
    expect(nurse.can('create', subjectOf('Measure', onCase(GLASS_CASE)))).toBe(false);
    expect(nurse.can('create', subjectOf('Note', onCase(GLASS_CASE)))).toBe(false);
    expect(nurse.can('transition', subjectOf('Case', { id: GLASS_CASE, tenantId: CLINIC, careTeamMembershipIds: [AUTHOR] }))).toBe(false);
  });

  it('gives nothing to staff, admins or outside collaborators who somehow hold a grant', () => {
    for (const principal of [member(['STAFF']), member(['ADMIN']), member(['NURSE'], { outsideCollaborator: true })]) {
      expect(defineAbilityFor(principal).can('read', subjectOf('Measure', onCase(GLASS_CASE)))).toBe(false);
    }
  });

  it('puts the grant into list SQL as a case-id condition', () => {
    const withoutCaseId: ColumnMap = { tenantId: { column: 'm.tenant_id', type: 'uuid' }, careTeamMembershipIds: { column: 'm.team', type: 'uuid', array: true } };
    const columns: ColumnMap = { ...withoutCaseId, caseId: { column: 'm.case_id', type: 'uuid' } };
    const where = accessibleWhere(nurse, 'read', 'FollowUp', columns);
    expect(where.sql).toContain('m.case_id = ANY($');
    expect(where.params).toContainEqual([GLASS_CASE]);
    // A list whose column map lacks caseId fails closed rather than dropping the condition.
    expect(() => accessibleWhere(nurse, 'read', 'FollowUp', withoutCaseId)).toThrow('caseId');
  });
});
