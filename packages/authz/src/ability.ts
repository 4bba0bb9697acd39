import { AbilityBuilder, createMongoAbility } from '@casl/ability';
import type { Principal, RequestContext } from '@tandem/core';
import { combine } from './conditions';
import { partnerGrants, userGrants } from './policy';
import type { Grant } from './policy';
import { subjectTypeOf } from './subjects';
import type { AppAbility, SubjectType } from './subjects';

/** The grants of any principal; anonymous callers have none. */
export function grantsFor(principal: Principal): Grant[] {
  switch (principal.kind) {
    case 'user':
      return userGrants(principal);
    case 'partner':
      return partnerGrants(principal);
    case 'anonymous':
      return [];
  }
}

/** The CASL ability of a principal: deny by default, allow exactly the policy's grants. */
export function defineAbilityFor(principal: Principal): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  for (const grant of grantsFor(principal)) {
    const actions = typeof grant.action === 'string' ? [grant.action] : [...grant.action];
    const conditions = combine(grant.when ?? [])?.query;
    // CASL's overloads: (action, subject, conditions?) or (action, subject, fields, conditions?).
    if (grant.fields) can(actions, grant.subject, [...grant.fields], conditions as never);
    else can(actions, grant.subject, conditions as never);
  }
  // Records are tagged by subjectOf(); untagged class instances fall back to their class.
  return build({ detectSubjectType: (object) => subjectTypeOf(object) as SubjectType });
}

/** Abilities by principal, the least recently asked for dropped first (see abilityFor). */
const recent = new Map<string, AppAbility>();
export const ABILITY_CACHE_SIZE = 1_000;

/**
 * The ability of a principal, built once and reused while the same principal keeps asking: the
 * same session with the same roles, grants and MFA state, or the same key with the same scopes.
 * Rules depend on nothing else, and the key is the whole principal, so any change (a role, an
 * emergency grant, a new session) gets a fresh ability. Building one was about 2 % of the
 * gateway's CPU on the case dashboard, and the field sets and rule indexes each ability caches
 * (grantedFields, conditionsRead, CASL's own) were rebuilt on every request with it.
 */
export function abilityFor(principal: Principal): AppAbility {
  const key = JSON.stringify(principal);
  let ability = recent.get(key);
  if (ability) recent.delete(key);
  else {
    ability = defineAbilityFor(principal);
    if (recent.size >= ABILITY_CACHE_SIZE) recent.delete(recent.keys().next().value as string);
  }
  recent.set(key, ability);
  return ability;
}

/** The typed ability the gateway put into the request context. */
export function abilityOf(ctx: RequestContext): AppAbility {
  return ctx.ability as AppAbility;
}
