import { Kind } from 'graphql';
import type { FieldNode, FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/** The field names asked of a resolver's value, per field-node list (one per field of an operation). */
const askedOf = new WeakMap<readonly FieldNode[], ReadonlySet<string>>();

/**
 * Whether the operation asks, of the value this resolver returns, for the field `name` — directly,
 * through a fragment or an inline fragment. A loader reads a costly column (a patient's latest
 * weight, a lookup per row) only for the operations that ask for it. A field under `@skip` or
 * `@include` counts as asked: reading a column too many is safe, one too few is not. Computed once
 * per field of the operation, not per row: the field-node list is the same for every row of a page.
 */
export function asksFor(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, name: string): boolean {
  return askedFields(info).has(name);
}

/**
 * Every field name the operation asks of the value this resolver returns (as asksFor counts
 * them), the same set for every row of a page: a loader that reads only the asked columns keys
 * its statement by it.
 */
export function askedFields(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): ReadonlySet<string> {
  let asked = askedOf.get(info.fieldNodes);
  if (!asked) {
    const names = new Set<string>();
    for (const node of info.fieldNodes) if (node.selectionSet) collect(node.selectionSet, info.fragments, names, new Set());
    askedOf.set(info.fieldNodes, (asked = names));
  }
  return asked;
}

function collect(set: SelectionSetNode, fragments: Readonly<Record<string, FragmentDefinitionNode>>, names: Set<string>, seen: Set<string>): void {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) names.add(selection.name.value);
    else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet, fragments, names, seen);
    else if (!seen.has(selection.name.value)) {
      // A fragment spread: its definition's fields, each fragment once (validation refuses cycles).
      seen.add(selection.name.value);
      const fragment = fragments[selection.name.value];
      if (fragment) collect(fragment.selectionSet, fragments, names, seen);
    }
  }
}
