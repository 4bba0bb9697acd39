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
  if (!asked) askedOf.set(info.fieldNodes, (asked = new Set(childFields(info.fieldNodes, info.fragments).map((field) => field.name.value))));
  return asked;
}

/** Per field-node list of a connection: the field names asked of its nodes. */
const askedOfNodesOf = new WeakMap<readonly FieldNode[], ReadonlySet<string>>();

/**
 * The field names asked of each node of the connection this resolver returns
 * (`edges { node { … } }`), as askedFields counts them: a list that reads only the asked columns.
 */
export function askedOfNodes(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): ReadonlySet<string> {
  let asked = askedOfNodesOf.get(info.fieldNodes);
  if (!asked) {
    const nodes = childFields(childFields(info.fieldNodes, info.fragments, 'edges'), info.fragments, 'node');
    askedOfNodesOf.set(info.fieldNodes, (asked = new Set(childFields(nodes, info.fragments).map((field) => field.name.value))));
  }
  return asked;
}

/** The fields selected of `parents` (those named `name`, if given), through fragments and inline fragments. */
function childFields(parents: readonly FieldNode[], fragments: Readonly<Record<string, FragmentDefinitionNode>>, name?: string): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const parent of parents) if (parent.selectionSet) collect(parent.selectionSet, fragments, fields, new Set());
  return name === undefined ? fields : fields.filter((field) => field.name.value === name);
}

function collect(set: SelectionSetNode, fragments: Readonly<Record<string, FragmentDefinitionNode>>, fields: FieldNode[], seen: Set<string>): void {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) fields.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet, fragments, fields, seen);
    else if (!seen.has(selection.name.value)) {
      // A fragment spread: its definition's fields, each fragment once (validation refuses cycles).
      seen.add(selection.name.value);
      const fragment = fragments[selection.name.value];
      if (fragment) collect(fragment.selectionSet, fragments, fields, seen);
    }
  }
}
