import { getNamedType, getNullableType, isEnumType, isInputObjectType, isLeafType, isListType, isNonNullType } from 'graphql';
import type { GraphQLInputType, GraphQLSchema } from 'graphql';

/** One request that sends a mutation a single wrong input, every other input fitting the schema. */
export interface BadInput {
  readonly mutation: string;
  /** What is wrong, for the test's name. */
  readonly wrong: string;
  /** The dotted path the error must name: the variable (named as its argument), then inside it. */
  readonly field: string;
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

/** Values each scalar accepts. A new scalar must be given one here (the walk says so). */
const FITTING: Readonly<Record<string, unknown>> = {
  Int: 1,
  Float: 1.5,
  String: 'text',
  Boolean: true,
  ID: '00000000-0000-4000-8000-000000000000',
  DateTimeISO: '2026-07-01T10:00:00.000Z',
  JSONObject: {},
};

/** A value of the wrong type for each scalar: a string for a number, an object for a string, ... */
const WRONG: Readonly<Record<string, unknown>> = {
  Int: 'seven',
  Float: 'a lot',
  String: { not: 'a string' },
  Boolean: 'yes',
  ID: true,
  DateTimeISO: 'next Tuesday',
  JSONObject: 'not an object',
};

/** How deep into nested input objects the walk breaks fields. */
const DEPTH = 4;

/** Every mutation that takes arguments, by name. */
export function mutationsWithArguments(schema: GraphQLSchema): string[] {
  return Object.values(schema.getMutationType()?.getFields() ?? {})
    .filter((field) => field.args.length > 0)
    .map((field) => field.name);
}

/**
 * For one mutation: each argument and input field (inputs nested up to DEPTH) given a wrong
 * value, null where it is non-null, and left out where it is required.
 */
export function badInputsOf(schema: GraphQLSchema, mutation: string): BadInput[] {
  const field = schema.getMutationType()?.getFields()[mutation];
  if (!field) throw new Error(`no Mutation.${mutation}`);
  const declared = field.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const passed = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  const query = `mutation Bad(${declared}) { ${mutation}(${passed})${selection} }`;
  const fitting = Object.fromEntries(field.args.map((arg) => [arg.name, fittingValue(arg.type, DEPTH)]));
  return field.args.flatMap((arg) =>
    [...(required(arg) ? [{ path: [arg.name], wrong: 'left out', value: undefined }] : []), ...breakages(arg.type, [arg.name], DEPTH)].map(({ path, wrong, value }) => ({
      mutation,
      wrong: `${path.join('.')}: ${wrong}`,
      field: path.join('.'),
      query,
      variables: replaced(fitting, path, value),
    })),
  );
}

export function required(input: { type: GraphQLInputType; defaultValue?: unknown }): boolean {
  return isNonNullType(input.type) && input.defaultValue === undefined;
}

/** A value that fits `type`: every input field down to `depth` (then the required ones), lists of one item, an enum's first value. */
export function fittingValue(type: GraphQLInputType, depth: number): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return [fittingValue(nullable.ofType, depth)];
  if (isEnumType(nullable)) return nullable.getValues()[0]?.name;
  if (isInputObjectType(nullable)) {
    const fields = Object.values(nullable.getFields()).filter((field) => depth > 0 || required(field));
    return Object.fromEntries(fields.map((field) => [field.name, fittingValue(field.type, depth - 1)]));
  }
  if (!(nullable.name in FITTING)) throw new Error(`give the scalar ${nullable.name} a fitting and a wrong value in mutation-walk.ts`);
  return FITTING[nullable.name];
}

interface Breakage {
  readonly path: readonly string[];
  readonly wrong: string;
  /** `undefined`: the input is left out. */
  readonly value: unknown;
}

/** The wrong values for an input at `path` and, for input objects and lists, inside it. */
function breakages(type: GraphQLInputType, path: readonly string[], depth: number): Breakage[] {
  const nullable = getNullableType(type);
  const own: Breakage[] = isNonNullType(type) ? [{ path, wrong: 'null', value: null }] : [];
  if (isListType(nullable)) return [...own, ...breakages(nullable.ofType, [...path, '0'], depth)];
  if (isEnumType(nullable)) return [...own, { path, wrong: 'a value not of the enum', value: `NOT_A_${nullable.name.toUpperCase()}` }];
  if (!isInputObjectType(nullable)) return [...own, { path, wrong: `${JSON.stringify(WRONG[nullable.name])} for ${nullable.name}`, value: WRONG[nullable.name] }];
  own.push({ path, wrong: `a string for ${nullable.name}`, value: 'not an object' });
  if (depth === 0) return own;
  const inside = Object.values(nullable.getFields()).flatMap((field) => [
    ...(required(field) ? [{ path: [...path, field.name], wrong: 'left out', value: undefined }] : []),
    ...breakages(field.type, [...path, field.name], depth - 1),
  ]);
  return [...own, ...inside];
}

/** A copy of the fitting variables with the input at `path` replaced (`undefined`: left out). */
function replaced(fitting: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(fitting);
  const parent = path.slice(0, -1).reduce<Record<string, unknown>>((object, key) => object[key] as Record<string, unknown>, copy);
  const key = path[path.length - 1] ?? '';
  if (value === undefined) delete parent[key];
  else parent[key] = value;
  return copy;
}
