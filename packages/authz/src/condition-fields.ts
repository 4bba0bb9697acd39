import type { RequestContext } from '@tandem/core';
import { abilityOf } from './ability';
import { ACTIONS, SUBJECT_TYPES } from './subjects';
import type { AppAbility, SubjectType } from './subjects';

/** Per ability: whether any rule of a subject type has a condition on a field, by "type field". */
const answered = new WeakMap<AppAbility, Map<string, boolean>>();

/**
 * Whether any of the actor's rules on `type`, for any action, allowing or forbidding, has a
 * condition on one of `fields`. A loader may leave a column that exists only for the policy's
 * conditions (a patient's care teams, computed per row by a subquery) unselected when none does:
 * a partner key's or an admin's rules on patients are the clinic's alone, and a page of 100
 * patients then costs PostgreSQL 100 care-team lookups less. Deny by default still holds: no
 * rule reads the column, so no decision can change.
 */
export function conditionsRead(ctx: RequestContext, type: SubjectType, fields: readonly string[]): boolean {
  const ability = abilityOf(ctx);
  let answers = answered.get(ability);
  if (!answers) answered.set(ability, (answers = new Map<string, boolean>()));
  const key = `${type} ${fields.join(',')}`;
  let reads = answers.get(key);
  if (reads === undefined) {
    const wanted = new Set(fields);
    reads = ACTIONS.some((action) => ability.possibleRulesFor(action, type).some((rule) => mentions(rule.conditions, wanted)));
    answers.set(key, reads);
  }
  return reads;
}

/**
 * Whether any of the actor's rules on any subject type reads one of `fields`: for records whose
 * views may also serve as the scope of checks on other subjects (a case's care team is the
 * scope of its notes, sessions and measures).
 */
export function conditionsReadAnywhere(ctx: RequestContext, fields: readonly string[]): boolean {
  return SUBJECT_TYPES.some((type) => conditionsRead(ctx, type, fields));
}

/** Per ability: asked field sets with the condition fields added, by subject type (withConditionFields). */
const widened = new WeakMap<AppAbility, Map<SubjectType, WeakMap<ReadonlySet<string>, ReadonlySet<string>>>>();

/**
 * `asked` with every field that any of the actor's rules on `type` reads in its conditions (any
 * action, allowing or forbidding): the fewest a loader may read of a record it checks against
 * those rules. A condition on a field left unread would be matched against nothing, and a
 * `$ne` or `$nin` then allows what it should refuse. The same set comes back for the same
 * `asked`, ability and type, so a loader keyed by it builds its statement once per operation.
 */
export function withConditionFields(ctx: RequestContext, type: SubjectType, asked: ReadonlySet<string>): ReadonlySet<string> {
  const ability = abilityOf(ctx);
  let byType = widened.get(ability);
  if (!byType) widened.set(ability, (byType = new Map<SubjectType, WeakMap<ReadonlySet<string>, ReadonlySet<string>>>()));
  let sets = byType.get(type);
  if (!sets) byType.set(type, (sets = new WeakMap<ReadonlySet<string>, ReadonlySet<string>>()));
  let fields = sets.get(asked);
  if (!fields) {
    const read = new Set(asked);
    for (const action of ACTIONS) for (const rule of ability.possibleRulesFor(action, type)) collectKeys(rule.conditions, read);
    sets.set(asked, (fields = read));
  }
  return fields;
}

/** Every field a MongoDB-style query names, at any depth (operators skipped, dotted paths by their first part). */
function collectKeys(query: unknown, into: Set<string>): void {
  if (query === null || typeof query !== 'object') return;
  if (Array.isArray(query)) return query.forEach((part) => collectKeys(part, into));
  for (const [key, value] of Object.entries(query)) {
    if (!key.startsWith('$')) into.add(key.split('.')[0] ?? key);
    collectKeys(value, into);
  }
}

/** Any key at any depth of a MongoDB-style query ($and, $or, $elemMatch, dotted paths included) that is wanted. */
function mentions(query: unknown, wanted: ReadonlySet<string>): boolean {
  if (query === null || typeof query !== 'object') return false;
  if (Array.isArray(query)) return query.some((part) => mentions(part, wanted));
  return Object.entries(query).some(([key, value]) => wanted.has(key.split('.')[0] ?? key) || mentions(value, wanted));
}
