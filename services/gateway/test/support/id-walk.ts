import { getNamedType, getNullableType, isInputObjectType, isLeafType, isListType, isObjectType } from 'graphql';
import type { GraphQLField, GraphQLInputType, GraphQLNamedType, GraphQLSchema } from 'graphql';
import { fittingValue } from './mutation-walk';

/** One Query or Mutation field that takes ids, called with another clinic's ids in every one. */
export interface IdCall {
  /** e.g. `Mutation.cancelFollowUp` */
  readonly name: string;
  readonly query: string;
  /** Fitting values for every argument (mutation-walk's), ids still to be filled in. */
  readonly variables: Record<string, unknown>;
  /** Dotted paths of the id inputs, e.g. `caseId`, `input.assigneeId`, `mentionIds.0`. */
  readonly idPaths: readonly string[];
}

/** An input is an id if GraphQL says so, or if it is a String named like one (openCase's patientId). */
const ID_NAME = /^(id|[a-z][A-Za-z]*Ids?)$/;
const DEPTH = 3;

/** Every Query and Mutation field with at least one id among its arguments or their input fields. */
export function idCallsOf(schema: GraphQLSchema): IdCall[] {
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const;
  return roots.flatMap(([kind, root]) =>
    Object.values(root?.getFields() ?? {})
      .map((field) => callOf(kind, root?.name ?? '', field))
      .filter((call): call is IdCall => call !== undefined),
  );
}

function callOf(kind: 'query' | 'mutation', root: string, field: GraphQLField<unknown, unknown>): IdCall | undefined {
  const idPaths = field.args.flatMap((arg) => idPathsOf(arg.name, arg.type, DEPTH));
  if (idPaths.length === 0) return undefined;
  const declared = field.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const passed = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const selection = selectionOf(getNamedType(field.type));
  return {
    name: `${root}.${field.name}`,
    query: `${kind} Sweep(${declared}) { ${field.name}(${passed})${selection} }`,
    variables: Object.fromEntries(field.args.map((arg) => [arg.name, fittingValue(arg.type, DEPTH)])),
    idPaths,
  };
}

/** What shows whether anything was found: a page's count, a result's list, else its type name. */
function selectionOf(named: GraphQLNamedType): string {
  if (isLeafType(named)) return '';
  if (!isObjectType(named)) return ' { __typename }';
  const fields = Object.values(named.getFields());
  if (fields.some((inner) => inner.name === 'count')) return ' { count }';
  const list = fields.find((inner) => inner.args.length === 0 && isListType(getNullableType(inner.type)));
  return list ? ` { ${list.name}${isLeafType(getNamedType(list.type)) ? '' : ' { __typename }'} }` : ' { __typename }';
}

function idPathsOf(name: string, type: GraphQLInputType, depth: number): string[] {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return idPathsOf(name, nullable.ofType, depth).map((path) => (path === name ? `${name}.0` : path.replace(`${name}.`, `${name}.0.`)));
  if (isInputObjectType(nullable)) {
    if (depth === 0) return [];
    return Object.values(nullable.getFields()).flatMap((field) => idPathsOf(field.name, field.type, depth - 1).map((path) => `${name}.${path}`));
  }
  const named = getNamedType(type).name;
  return named === 'ID' || (named === 'String' && ID_NAME.test(name) && name !== 'id') ? [name] : [];
}

/** A copy of `variables` with the input at each dotted path set by `valueAt`. */
export function withIds(variables: Record<string, unknown>, paths: readonly string[], valueAt: (path: string) => unknown): Record<string, unknown> {
  const copy = structuredClone(variables);
  for (const path of paths) {
    const keys = path.split('.');
    const parent = keys.slice(0, -1).reduce<Record<string, unknown>>((object, key) => object[key] as Record<string, unknown>, copy);
    parent[keys[keys.length - 1] ?? ''] = valueAt(path);
  }
  return copy;
}
