import { getNamedType, getNullableType, isListType, isNonNullType, isObjectType, isLeafType } from 'graphql';
import type { GraphQLField, GraphQLObjectType, GraphQLSchema } from 'graphql';

/** A Query field that returns many things: a Relay connection, or a plain list. */
export interface ListField {
  readonly name: string;
  readonly paged: boolean;
  /** Required arguments (besides `page`), which the test has to supply. */
  readonly requiredArgs: readonly string[];
}

/** Every Query field returning a `…Connection` or a list, by name. */
export function listFieldsOf(schema: GraphQLSchema): ListField[] {
  const fields = Object.values(schema.getQueryType()?.getFields() ?? {});
  return fields
    .filter((field) => getNamedType(field.type).name.endsWith('Connection') || isListType(getNullableType(field.type)))
    .map((field) => ({
      name: field.name,
      paged: getNamedType(field.type).name.endsWith('Connection'),
      requiredArgs: field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined && arg.name !== 'page').map((arg) => arg.name),
    }));
}

const needsArguments = (field: GraphQLField<unknown, unknown>) => field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);

/**
 * Every field of `type` reachable without arguments, nested objects and lists included, down to
 * `depth` levels (interfaces and unions, of which the schema has none today, give `__typename`).
 */
export function selectionOf(type: GraphQLObjectType, depth: number): string {
  const parts: string[] = [];
  for (const field of Object.values(type.getFields())) {
    if (needsArguments(field)) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) parts.push(field.name);
    else if (isObjectType(named) && depth > 1) {
      const inner = selectionOf(named, depth - 1);
      if (inner) parts.push(`${field.name} { ${inner} }`);
    } else if (!isObjectType(named)) parts.push(`${field.name} { __typename }`);
  }
  return parts.join(' ');
}

/** The query for one list field: every reachable field of its nodes, with `$first` items. */
export function queryOf(schema: GraphQLSchema, field: ListField, args: Record<string, string>, depth = 3): string {
  const definition = schema.getQueryType()?.getFields()[field.name];
  if (!definition) throw new Error(`no Query.${field.name}`);
  const named = getNamedType(definition.type) as GraphQLObjectType;
  const argList = Object.entries({ ...args, ...(field.paged ? { page: '{ first: $first }' } : {}) })
    .map(([name, value]) => `${name}: ${value}`)
    .join(', ');
  const call = argList ? `${field.name}(${argList})` : field.name;
  const node = field.paged ? (getNamedType(named.getFields().edges?.type ?? named) as GraphQLObjectType).getFields().node : undefined;
  const selection = node ? `edges { cursor node { ${selectionOf(getNamedType(node.type) as GraphQLObjectType, depth)} } } pageInfo { hasNextPage endCursor }` : isLeafType(named) ? '' : `{ ${selectionOf(named, depth)} }`;
  const variables = field.paged ? '($first: Int!)' : '';
  return `query ${field.name[0]?.toUpperCase()}${field.name.slice(1)}${variables} { ${call} ${field.paged ? `{ ${selection} }` : selection} }`;
}
