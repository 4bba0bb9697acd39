import type { Action, AppAbility, SubjectType } from './subjects';

type Rule = ReturnType<AppAbility['possibleRulesFor']>[number];

/** Per ability: the field sets already built, by which of the rules matched (see grantedFields). */
const built = new WeakMap<AppAbility, Map<string, ReadonlySet<string>>>();

/**
 * The fields the actor may act on in `record`: what CASL's `permittedFieldsOf` answers, with the
 * same rules in the same order. Which fields a rule grants does not depend on the record, only
 * whether its conditions match it, so the set is built once per combination of matching rules
 * and ability: a page of 100 cases matches the same one or two rules 100 times. The record is
 * matched as it is, not copied to tag its subject type, since the rules are already the type's.
 */
export function grantedFields(ability: AppAbility, action: Action, type: SubjectType, record: object, allFields: readonly string[]): ReadonlySet<string> {
  const rules = ability.possibleRulesFor(action, type);
  let key = `${action} ${type} `;
  for (let i = rules.length - 1; i >= 0; i--) key += rules[i].matchesConditions(record as never) ? '1' : '0';
  let sets = built.get(ability);
  if (!sets) built.set(ability, (sets = new Map<string, ReadonlySet<string>>()));
  let fields = sets.get(key);
  if (!fields) sets.set(key, (fields = fieldsOfMatching(rules, key, allFields)));
  return fields;
}

/** Lowest priority first, as permittedFieldsOf: a matching rule adds its fields, an inverted one removes them. */
function fieldsOfMatching(rules: readonly Rule[], key: string, allFields: readonly string[]): ReadonlySet<string> {
  const fields = new Set<string>();
  const matched = key.slice(key.length - rules.length);
  for (let i = rules.length - 1; i >= 0; i--) {
    if (matched[rules.length - 1 - i] !== '1') continue;
    const rule = rules[i];
    for (const field of rule.fields ?? allFields) {
      if (rule.inverted) fields.delete(field);
      else fields.add(field);
    }
  }
  return fields;
}
