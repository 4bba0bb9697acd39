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

/** Any key at any depth of a MongoDB-style query ($and, $or, $elemMatch, dotted paths included) that is wanted. */
function mentions(query: unknown, wanted: ReadonlySet<string>): boolean {
  if (query === null || typeof query !== 'object') return false;
  if (Array.isArray(query)) return query.some((part) => mentions(part, wanted));
  return Object.entries(query).some(([key, value]) => wanted.has(key.split('.')[0] ?? key) || mentions(value, wanted));
}
