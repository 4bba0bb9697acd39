import type { Catalogue } from './catalogue';
import { placementsOf } from './placement';

/**
 * Breaches of Citus's rules that are known and not fixed yet because the fix is a design
 * decision, not a mechanical one. Never silent: each still occurring is printed at the top of
 * distribute.sql and described in docs/operations.md, and the checker reports an entry that no
 * longer occurs, so the entry goes with the fix. Keyed by `table.policy`.
 */
export const KNOWN_CITUS_BLOCKERS: Readonly<Record<string, string>> = {
  'app_user.self_or_colleague':
    "Citus refuses policies with subqueries on distributed and reference tables, and this one admits a clinic's members " +
    "through EXISTS (membership). Members' names are read through it in many places (care teams, notes, readiness, e-mail), " +
    "so replacing it (e.g. a tenant-owned member directory) is a change to accounts, not to this script",
};

export interface CitusBlocker {
  readonly subject: string;
  readonly why: string;
}

/** Policies Citus would refuse: a subquery on a distributed or reference table. */
export function refusedPolicies(catalogue: Catalogue): string[] {
  const placements = placementsOf(catalogue);
  return catalogue.policies
    .filter((p) => p.has_subquery && (placements.get(p.table) === 'distributed' || placements.get(p.table) === 'reference'))
    .map((p) => `${p.table}.${p.name}`);
}

/** The known blockers that still occur in this catalogue. */
export function blockersIn(catalogue: Catalogue, knownBlockers: Readonly<Record<string, string>> = KNOWN_CITUS_BLOCKERS): CitusBlocker[] {
  const refused = new Set(refusedPolicies(catalogue));
  return Object.entries(knownBlockers)
    .filter(([subject]) => refused.has(subject))
    .map(([subject, why]) => ({ subject, why }));
}
