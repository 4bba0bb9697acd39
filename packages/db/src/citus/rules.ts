import { KNOWN_CITUS_BLOCKERS, refusedPolicies } from './blockers';
import type { Catalogue, CatalogueForeignKey, CatalogueTable, CatalogueUniqueKey } from './catalogue';
import { DISTRIBUTION_COLUMN, placementsOf } from './placement';
import type { Placement } from './placement';

/**
 * Citus's rules for a schema sharded by tenant_id, as sentences naming each breach; an empty
 * list means Citus would accept distribute.sql but for the known blockers. Each rule but the
 * last is one Citus enforces when a table is distributed or a constraint added
 * (docs/operations.md quotes its errors):
 * - a primary key, unique constraint, unique index or exclusion constraint of a distributed
 *   table includes the distribution column (uniqueness is checked inside one shard only);
 * - a foreign key between distributed tables pairs tenant_id with tenant_id, at the same
 *   position on both sides (the rows then live in the same shard);
 * - a foreign key from a distributed table whose columns include tenant_id (to a distributed or a
 *   reference table) neither sets them to NULL/DEFAULT on delete nor acts on update;
 * - a reference table points at no distributed table, and a table left on the coordinator
 *   is joined to no Citus table by a foreign key;
 * - tenant_id has one type in every table (co-located tables share a distribution type);
 * - no row-level security policy of a distributed or reference table uses a subquery;
 * - every table without tenant_id has a placement decided (placement.ts).
 * A breach listed in KNOWN_CITUS_BLOCKERS is not reported while it occurs; the entry is
 * reported once it no longer does.
 */
export function findCitusViolations(catalogue: Catalogue, knownBlockers: Readonly<Record<string, string>> = KNOWN_CITUS_BLOCKERS): string[] {
  const placements = placementsOf(catalogue);
  return [
    ...unplacedTables(catalogue.tables, placements),
    ...tenantIdTypeMismatches(catalogue.tables),
    ...catalogue.uniqueKeys.flatMap((key) => uniqueKeyViolations(key, placements.get(key.table))),
    ...catalogue.foreignKeys.flatMap((fk) => foreignKeyViolations(fk, placements.get(fk.table), placements.get(fk.referenced))),
    ...policyViolations(catalogue, knownBlockers),
  ];
}

function policyViolations(catalogue: Catalogue, knownBlockers: Readonly<Record<string, string>>): string[] {
  const refused = refusedPolicies(catalogue);
  const unknown = refused
    .filter((subject) => !(subject in knownBlockers))
    .map((subject) => `${subject.replace('.', ': policy ')} uses a subquery, which Citus refuses on distributed and reference tables`);
  const stale = Object.keys(knownBlockers)
    .filter((subject) => !refused.includes(subject))
    .map((subject) => `${subject}: listed in KNOWN_CITUS_BLOCKERS but no longer occurs; remove the entry`);
  return [...unknown, ...stale];
}

function unplacedTables(tables: readonly CatalogueTable[], placements: ReadonlyMap<string, Placement | undefined>): string[] {
  return tables
    .filter((t) => placements.get(t.table) === undefined)
    .map((t) => `${t.table}: has no tenant_id and no Citus placement (add it to GLOBAL_PLACEMENTS with the reason)`);
}

/** Every table whose tenant_id type differs from the most common one (ties: alphabetical). */
export function tenantIdTypeMismatches(tables: readonly CatalogueTable[]): string[] {
  const counts = new Map<string, number>();
  for (const t of tables) if (t.tenant_id_type !== null) counts.set(t.tenant_id_type, (counts.get(t.tenant_id_type) ?? 0) + 1);
  const [usual] = [...counts].sort(([a, n], [b, m]) => m - n || a.localeCompare(b))[0] ?? [];
  return tables
    .filter((t) => t.tenant_id_type !== null && t.tenant_id_type !== usual)
    .map((t) => `${t.table}: tenant_id is ${t.tenant_id_type ?? ''}, elsewhere ${usual ?? ''}; co-located tables need one distribution column type`);
}

export function uniqueKeyViolations(key: CatalogueUniqueKey, placement: Placement | undefined): string[] {
  if (placement !== 'distributed' || key.columns.includes(DISTRIBUTION_COLUMN)) return [];
  const columns = key.columns.map((c) => c ?? '(expression)').join(', ');
  return [`${key.table}: ${key.kind} ${key.name} (${columns}) must include ${DISTRIBUTION_COLUMN}`];
}

export function foreignKeyViolations(fk: CatalogueForeignKey, from: Placement | undefined, to: Placement | undefined): string[] {
  const where = `${fk.table}: foreign key ${fk.name} to ${fk.referenced}`;
  if (from === 'coordinator' || to === 'coordinator') {
    return from === to ? [] : [`${where} joins a table left on the coordinator to a Citus table`];
  }
  if (from === 'reference' && to === 'distributed') return [`${where} points from a reference table at a distributed table`];
  if (from !== 'distributed') return [];
  // Citus checks the actions of any key whose referencing columns include the distribution column.
  const actions = fk.columns.includes(DISTRIBUTION_COLUMN) ? referentialActions(fk, where) : [];
  return to === 'distributed' ? [...distributionColumnPairing(fk, where), ...actions] : actions;
}

function distributionColumnPairing(fk: CatalogueForeignKey, where: string): string[] {
  const position = fk.columns.indexOf(DISTRIBUTION_COLUMN);
  if (position >= 0 && fk.referenced_columns[position] === DISTRIBUTION_COLUMN) return [];
  return [`${where} must pair ${DISTRIBUTION_COLUMN} with ${DISTRIBUTION_COLUMN} (has (${fk.columns.join(', ')}) → (${fk.referenced_columns.join(', ')}))`];
}

const ACTION_NAMES: Record<string, string> = { c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

function referentialActions(fk: CatalogueForeignKey, where: string): string[] {
  const problems: string[] = [];
  if (fk.on_delete === 'n' || fk.on_delete === 'd') problems.push(`${where}: ON DELETE ${ACTION_NAMES[fk.on_delete]} is refused when the key includes ${DISTRIBUTION_COLUMN}`);
  if (fk.on_update === 'c' || fk.on_update === 'n' || fk.on_update === 'd') problems.push(`${where}: ON UPDATE ${ACTION_NAMES[fk.on_update]} is refused when the key includes ${DISTRIBUTION_COLUMN}`);
  return problems;
}
