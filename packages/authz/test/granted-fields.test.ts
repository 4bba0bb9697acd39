import { permittedFieldsOf } from '@casl/ability/extra';
import type { ClinicRole, Principal, RequestContext, UserPrincipal } from '@tandem/core';
import { createMongoAbility } from '@casl/ability';
import { ACTIONS, API_SCOPES, SUBJECT_FIELDS, SUBJECT_TYPES, conditionsRead, conditionsReadAnywhere, defineAbilityFor, subjectOf, withConditionFields } from '../src';
import { subjectTypeOf } from '../src/subjects';
import type { AppAbility } from '../src';
import { grantedFields } from '../src/granted-fields';

// grantedFields remembers field sets by which rules matched; CASL's permittedFieldsOf builds them
// afresh for every record. They must agree for every principal, action, subject and record.
// conditionsRead lets a loader leave condition-only columns empty: no decision may change.

const CLINIC = '01900000-0000-7000-8000-00000000000a';
const OTHER_CLINIC = '01900000-0000-7000-8000-00000000000b';
const ME = '01900000-0000-7000-8000-000000000003';
const SOMEONE = '01900000-0000-7000-8000-0000000000c1';
const EMERGENCY_CASE = '01900000-0000-7000-8000-0000000000e1';
const USER = '01900000-0000-7000-8000-000000000001';

function member(roles: ClinicRole[], extra: Partial<UserPrincipal> = {}): UserPrincipal {
  return { kind: 'user', userId: USER, tenantId: CLINIC, sessionId: 's', membershipId: ME, roles, outsideCollaborator: false, platformAdmin: false, mfaSatisfied: true, ...extra };
}

const principals: [string, Principal][] = [
  ...(['ADMIN', 'PRESCRIBER', 'THERAPIST', 'NURSE', 'STAFF'] as const).map((role): [string, Principal] => [role, member([role])]),
  ['prescriber and therapist', member(['PRESCRIBER', 'THERAPIST'])],
  ['outside collaborator', member(['THERAPIST'], { outsideCollaborator: true })],
  ['admin without MFA', member(['ADMIN'], { mfaSatisfied: false })],
  ['nurse with emergency access', member(['NURSE'], { emergencyCaseIds: [EMERGENCY_CASE] })],
  ['platform admin', member(['STAFF'], { platformAdmin: true })],
  ['partner with every scope', { kind: 'partner', apiKeyId: 'k', tenantId: CLINIC, scopes: [...API_SCOPES] }],
  ['partner with cases only', { kind: 'partner', apiKeyId: 'k', tenantId: CLINIC, scopes: ['cases:read'] }],
];

/** Records that match the policy's conditions in different combinations. */
const records: Record<string, unknown>[] = [];
for (const tenantId of [CLINIC, OTHER_CLINIC]) {
  for (const team of [[ME], [SOMEONE], []]) {
    for (const author of [ME, SOMEONE]) {
      for (const [status, kind, visibility] of [['SIGNED', 'PROGRESS', 'CARE_TEAM'], ['DRAFT', 'PSYCHOTHERAPY', 'AUTHOR_ONLY'], ['SIGNED', 'COORDINATION', 'CARE_TEAM'], ['SIGNED', 'PSYCHOTHERAPY', 'CARE_TEAM']]) {
        records.push({
          id: author === ME ? ME : EMERGENCY_CASE,
          tenantId,
          userId: author === ME ? USER : 'another-user',
          careTeamMembershipIds: team,
          prescriberOfRecordIds: team,
          authorId: author,
          cosignerId: author === ME ? SOMEONE : ME,
          caseId: team.length === 0 ? EMERGENCY_CASE : 'c1',
          status,
          kind,
          visibility,
        });
      }
    }
  }
}

describe('grantedFields', () => {
  it.each(principals)('agrees with permittedFieldsOf for %s on every action, subject and record', (_label, principal) => {
    const ability = defineAbilityFor(principal);
    let compared = 0;
    const disagreements: string[] = [];
    // Twice over, so that the second pass answers from remembered sets.
    for (const pass of [1, 2]) {
      for (const action of ACTIONS) {
        for (const type of SUBJECT_TYPES) {
          for (const record of records) {
            const expected = permittedFieldsOf(ability, action, subjectOf(type, record), { fieldsFrom: (rule) => rule.fields ?? [...SUBJECT_FIELDS[type]] });
            const granted = grantedFields(ability, action, type, record, SUBJECT_FIELDS[type]);
            if (granted.size !== expected.length || expected.some((field) => !granted.has(field))) disagreements.push(`${action} ${type} ${JSON.stringify(record)}`);
            compared += pass;
          }
        }
      }
    }
    expect(disagreements).toEqual([]);
    expect(compared).toBe(3 * ACTIONS.length * SUBJECT_TYPES.length * records.length);
  });

  it('grants some fields and withholds others somewhere, so the comparison above is not vacuous', () => {
    const therapist = defineAbilityFor(member(['THERAPIST']));
    const onTeam = records.find((r) => r.tenantId === CLINIC && (r.careTeamMembershipIds as string[])[0] === ME)!;
    const offTeam = records.find((r) => r.tenantId === CLINIC && (r.careTeamMembershipIds as string[])[0] === SOMEONE)!;
    expect(grantedFields(therapist, 'read', 'Case', onTeam, SUBJECT_FIELDS.Case).size).toBeGreaterThan(0);
    expect(grantedFields(therapist, 'read', 'Case', offTeam, SUBJECT_FIELDS.Case).size).toBeLessThan(grantedFields(therapist, 'read', 'Case', onTeam, SUBJECT_FIELDS.Case).size);
  });
});

/** A request context carrying only `ability` (all that conditionsRead and withConditionFields read). */
const contextOf = (ability: AppAbility) => ({ ability }) as unknown as RequestContext;
/** Every decision and field set the ability makes on `record`. */
const decisions = (ability: AppAbility, type: (typeof SUBJECT_TYPES)[number], record: Record<string, unknown>) =>
  ACTIONS.map((action) => `${ability.can(action, subjectOf(type, record))} ${[...grantedFields(ability, action, type, record, SUBJECT_FIELDS[type])].join(',')}`);

describe('conditionsRead', () => {
  const POLICY_COLUMNS = [['careTeamMembershipIds'], ['careTeamMembershipIds', 'caseIds'], ['prescriberOfRecordIds']] as const;

  it.each(principals)('for %s, answers "not read" only where emptying or changing those columns changes no decision', (_label, principal) => {
    const ability = defineAbilityFor(principal);
    const changed: string[] = [];
    let unread = 0;
    for (const type of SUBJECT_TYPES) {
      for (const columns of POLICY_COLUMNS) {
        if (conditionsRead(contextOf(ability), type, columns)) continue;
        unread += 1;
        for (const record of records) {
          const expected = decisions(ability, type, record);
          for (const value of [[], [ME], [EMERGENCY_CASE, SOMEONE]]) {
            const altered = { ...record, ...Object.fromEntries(columns.map((column) => [column, value])) };
            if (decisions(ability, type, altered).join('|') !== expected.join('|')) changed.push(`${type} ${columns.join(',')} ${JSON.stringify(record)}`);
          }
        }
      }
    }
    expect(changed).toEqual([]);
    expect(unread).toBeGreaterThan(0);
  });

  it("answers \"read\" where a rule's condition reads the column, and remembers per ability", () => {
    const read = (principal: Principal, type: (typeof SUBJECT_TYPES)[number], columns: readonly string[]) => conditionsRead(contextOf(defineAbilityFor(principal)), type, columns);
    expect(read(member(['THERAPIST']), 'Patient', ['careTeamMembershipIds', 'caseIds'])).toBe(true);
    expect(read(member(['NURSE'], { emergencyCaseIds: [EMERGENCY_CASE] }), 'Patient', ['caseIds'])).toBe(true);
    expect(read(member(['NURSE']), 'Patient', ['caseIds'])).toBe(false);
    expect(read(member(['THERAPIST']), 'Measure', ['careTeamMembershipIds'])).toBe(true);
    expect(read(member(['ADMIN']), 'Patient', ['careTeamMembershipIds', 'caseIds'])).toBe(false);
    const partner: Principal = { kind: 'partner', apiKeyId: 'k', tenantId: CLINIC, scopes: [...API_SCOPES] };
    for (const type of ['Patient', 'Measure', 'TreatmentSession'] as const) expect(read(partner, type, ['careTeamMembershipIds', 'caseIds'])).toBe(false);
    // Anywhere: a case's team is the scope of its notes' checks, whoever's rules on cases ignore it.
    const anywhere = (principal: Principal) => conditionsReadAnywhere(contextOf(defineAbilityFor(principal)), ['careTeamMembershipIds', 'prescriberOfRecordIds']);
    expect(anywhere(partner)).toBe(false);
    expect(anywhere(member(['THERAPIST']))).toBe(true);
    expect(SUBJECT_TYPES.some((type) => read(member(['THERAPIST']), type, ['careTeamMembershipIds']) !== read(member(['THERAPIST']), 'Note', ['careTeamMembershipIds']))).toBe(true);
    const ctx = contextOf(defineAbilityFor(member(['THERAPIST'])));
    expect(conditionsRead(ctx, 'Patient', ['careTeamMembershipIds'])).toBe(conditionsRead(ctx, 'Patient', ['careTeamMembershipIds']));
  });
});

describe('withConditionFields', () => {

  it.each(principals)('for %s, a record cut to the fields it names (nothing asked) gets every decision the whole record gets', (_label, principal) => {
    const ability = defineAbilityFor(principal);
    const changed: string[] = [];
    for (const type of SUBJECT_TYPES) {
      const kept = withConditionFields(contextOf(ability), type, new Set());
      for (const record of records) {
        const cut = Object.fromEntries(Object.entries(record).filter(([field]) => kept.has(field)));
        if (decisions(ability, type, cut).join('|') !== decisions(ability, type, record).join('|')) changed.push(`${type} ${JSON.stringify(record)}`);
      }
    }
    expect(changed).toEqual([]);
  });

  it('names a field that only a $ne condition reads, which an unread field would wrongly satisfy', () => {
    const ability = createMongoAbility([{ action: 'read', subject: 'Note', conditions: { status: { $ne: 'DRAFT' }, 'author.id': { $nin: ['someone'] } } }], {
      detectSubjectType: (object: object) => subjectTypeOf(object) as string,
    }) as unknown as AppAbility;
    const kept = withConditionFields(contextOf(ability), 'Note', new Set(['body']));
    expect([...kept].sort()).toEqual(['author', 'body', 'status']);
    // Why: without the status the draft is readable.
    expect(ability.can('read', subjectOf('Note', { body: 'b' }))).toBe(true);
    expect(ability.can('read', subjectOf('Note', { body: 'b', status: 'DRAFT' }))).toBe(false);
  });

  it('keeps what was asked, and gives the same set back for the same asked set, ability and type', () => {
    const ctx = contextOf(defineAbilityFor(member(['THERAPIST'])));
    const asked = new Set(['mrn']);
    const kept = withConditionFields(ctx, 'Patient', asked);
    expect(kept.has('mrn')).toBe(true);
    expect(kept.has('careTeamMembershipIds')).toBe(true);
    expect(withConditionFields(ctx, 'Patient', asked)).toBe(kept);
    expect(withConditionFields(ctx, 'Patient', new Set(['mrn']))).not.toBe(kept);
  });
});
