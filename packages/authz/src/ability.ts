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

/** The typed ability the gateway put into the request context. */
export function abilityOf(ctx: RequestContext): AppAbility {
  return ctx.ability as AppAbility;
}
