import { blockersIn } from './blockers';
import type { CitusBlocker } from './blockers';
import type { Catalogue, CatalogueForeignKey } from './catalogue';
import { GLOBAL_PLACEMENTS, placementsOf } from './placement';

/** What distribute.sql does, in the order it must be done. */
export interface DistributionPlan {
  /** Reference tables, each after the reference tables it points at. */
  readonly reference: readonly string[];
  /** Distributed tables, each after the distributed tables it points at; the anchor first. */
  readonly distributed: readonly string[];
  /** The colocation group every distributed table joins. */
  readonly anchor: string;
  readonly coordinator: readonly { table: string; why: string }[];
  /** Tables with triggers of their own (Citus distributes them only with enable_unsafe_triggers). */
  readonly triggered: readonly string[];
  /** Known breaches that make Citus refuse part of the script until they are fixed. */
  readonly blockers: readonly CitusBlocker[];
}

export class UnplacedTablesError extends Error {
  constructor(tables: readonly string[]) {
    super(`No Citus placement for ${tables.join(', ')}: a table without tenant_id must be placed in GLOBAL_PLACEMENTS (packages/db/src/citus/placement.ts)`);
    this.name = 'UnplacedTablesError';
  }
}

export function planDistribution(catalogue: Catalogue): DistributionPlan {
  const placements = placementsOf(catalogue);
  const unplaced = [...placements].filter(([, p]) => p === undefined).map(([t]) => t);
  if (unplaced.length > 0) throw new UnplacedTablesError(unplaced);
  const tablesPlaced = (placement: string) => [...placements].filter(([, p]) => p === placement).map(([t]) => t);
  const ordered = referencedFirst(tablesPlaced('distributed'), catalogue.foreignKeys);
  const anchor = chooseAnchor(ordered, catalogue.foreignKeys);
  return {
    reference: referencedFirst(tablesPlaced('reference'), catalogue.foreignKeys),
    // The anchor references no distributed table, so it may go first.
    distributed: [anchor, ...ordered.filter((t) => t !== anchor)],
    anchor,
    coordinator: tablesPlaced('coordinator')
      .sort()
      .map((table) => ({ table, why: GLOBAL_PLACEMENTS[table]?.why ?? '' })),
    triggered: [...new Set(catalogue.triggers.map((t) => t.table))].sort(),
    blockers: blockersIn(catalogue),
  };
}

/**
 * The table the others are co-located with: of the distributed tables that reference no other
 * (so it can be distributed first), the one most others reference (membership, today), ties
 * alphabetical. Choosing by references rather than by name keeps it stable as tables are added.
 */
function chooseAnchor(distributed: readonly string[], foreignKeys: readonly CatalogueForeignKey[]): string {
  const group = new Set(distributed);
  const inGroup = foreignKeys.filter((fk) => fk.table !== fk.referenced && group.has(fk.table) && group.has(fk.referenced));
  const referencing = new Set(inGroup.map((fk) => fk.table));
  const referencedBy = (table: string) => new Set(inGroup.filter((fk) => fk.referenced === table).map((fk) => fk.table)).size;
  const [anchor] = distributed
    .filter((t) => !referencing.has(t))
    .map((t) => ({ t, n: referencedBy(t) }))
    .sort((a, b) => b.n - a.n || a.t.localeCompare(b.t));
  if (anchor === undefined) throw new Error('The schema has no tenant-owned table to distribute');
  return anchor.t;
}

/**
 * Orders tables so that each comes after every table of the same group it references (Citus
 * checks a foreign key when the referencing table is distributed, so its target must already
 * be). Among tables free to go next, the alphabetically first goes, so the order is stable.
 * Self-references do not constrain the order; a cycle cannot be ordered and is an error.
 */
export function referencedFirst(tables: readonly string[], foreignKeys: readonly CatalogueForeignKey[]): string[] {
  const group = new Set(tables);
  const waitingOn = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const fk of foreignKeys) {
    if (fk.table !== fk.referenced && group.has(fk.table) && group.has(fk.referenced)) waitingOn.get(fk.table)?.add(fk.referenced);
  }
  const ordered: string[] = [];
  while (waitingOn.size > 0) {
    const next = [...waitingOn].filter(([, deps]) => deps.size === 0).map(([t]) => t).sort()[0];
    if (next === undefined) throw new Error(`Foreign keys form a cycle among ${[...waitingOn.keys()].sort().join(', ')}`);
    ordered.push(next);
    waitingOn.delete(next);
    for (const deps of waitingOn.values()) deps.delete(next);
  }
  return ordered;
}
