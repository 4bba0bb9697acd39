/**
 * Turns the CASL rules for (action, subjectType) into a parameterised PostgreSQL WHERE fragment,
 * so list queries return only the rows the actor may see. Anything this module cannot translate
 * exactly throws: an approximate translation could silently widen access.
 */
import type { AnyAbility } from '@casl/ability';
import { rulesToAST } from '@casl/ability/extra';

export interface SqlFragment {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** How one condition field maps to SQL. `array: true` means a PostgreSQL array column (e.g. uuid[] or text[]). `type` is the PostgreSQL element type used for casts of parameters, e.g. 'uuid', 'text', 'timestamptz', 'boolean', 'int'. */
export interface ColumnSpec {
  readonly column: string;
  readonly type: string;
  readonly array?: boolean;
}

export type ColumnMap = Readonly<Record<string, ColumnSpec>>;

export class UnsupportedConditionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedConditionError';
  }
}

/** The parts of a ucast Condition node read here (its published typings resolve to `any`). */
interface Ast {
  readonly operator: string;
  readonly value: unknown;
  readonly field?: unknown;
}
interface FieldNode extends Ast {
  readonly field: string;
}

const COMPARISONS = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;
// The complement of each comparison on non-NULL values; NULL is added separately.
const COMPLEMENTS = { lt: '>=', lte: '>', gt: '<=', gte: '<' } as const;
type Comparison = keyof typeof COMPARISONS;

/** Collects parameter values and hands out their numbered, cast placeholders. */
class Params {
  readonly values: unknown[] = [];
  constructor(private readonly offset: number) {}

  add(value: unknown, type: string): string {
    this.values.push(value);
    return `$${this.offset + this.values.length}::${type}`;
  }
}

/** WHERE fragment for the rows `ability` permits `action` on `subjectType`, parameters numbered from $<paramOffset + 1>. */
export function accessibleWhere(
  ability: AnyAbility,
  action: string,
  subjectType: string,
  columns: ColumnMap,
  paramOffset = 0,
): SqlFragment {
  if (!Number.isInteger(paramOffset) || paramOffset < 0) {
    throw new RangeError(`paramOffset must be a non-negative integer, got ${paramOffset}`);
  }
  // rulesToAST already folds rule priority in: null when no `can` survives (no rules, or an
  // unconditional `cannot` outranks them all), an empty AND for an unconditional `can`, and each
  // conditional `cannot` as NOT(...) ANDed onto the lower-priority `can` rules it overrides.
  const ast = rulesToAST(ability, action, subjectType) as Ast | null;
  if (ast === null) return { sql: 'FALSE', params: [] };
  const params = new Params(paramOffset);
  return { sql: nodeSql(ast, false, columns, params), params: params.values };
}

// NOT is pushed down to the leaves (De Morgan), where each leaf renders its exact mongo
// complement. A plain SQL `NOT (...)` would be wrong: NOT of a NULL comparison is still NULL,
// so a `cannot` on a NULL column would hide rows that mongo semantics allow.
function nodeSql(node: Ast, negated: boolean, columns: ColumnMap, params: Params): string {
  if (isFieldNode(node)) return fieldSql(node, negated, columns, params);
  const children = compoundChildren(node);
  if (node.operator === 'not' && children.length === 1) return nodeSql(children[0], !negated, columns, params);
  if (node.operator === 'and' || node.operator === 'or') {
    const joiner = (node.operator === 'and') !== negated ? 'AND' : 'OR';
    return junction(children.map((child) => nodeSql(child, negated, columns, params)), joiner);
  }
  throw new UnsupportedConditionError(`Unsupported compound condition operator "${node.operator}"`);
}

/** An empty AND is TRUE (that is how rulesToAST says "unconditional"), an empty OR is FALSE. */
function junction(parts: string[], joiner: 'AND' | 'OR'): string {
  const identity = joiner === 'AND' ? 'TRUE' : 'FALSE';
  const kept = parts.filter((part) => part !== identity);
  if (kept.length === 0) return identity;
  // Parenthesised so the fragment can be ANDed or ORed into a larger query as it is.
  return kept.length === 1 ? kept[0] : `(${kept.join(` ${joiner} `)})`;
}

function isFieldNode(node: Ast): node is FieldNode {
  return typeof node.field === 'string';
}

function compoundChildren(node: Ast): readonly Ast[] {
  if (!Array.isArray(node.value)) {
    throw new UnsupportedConditionError(`Unsupported condition operator "${node.operator}"`);
  }
  return node.value as readonly Ast[];
}

function fieldSql(node: FieldNode, negated: boolean, columns: ColumnMap, params: Params): string {
  // hasOwn, so that names like "constructor" never resolve through the prototype.
  const spec = Object.hasOwn(columns, node.field) ? columns[node.field] : undefined;
  if (spec === undefined) throw new UnsupportedConditionError(`Condition field "${node.field}" has no column mapping`);
  // ne and nin are exactly NOT eq and NOT in (mongo, and @ucast/js which CASL checks with).
  const op = node.operator === 'ne' ? 'eq' : node.operator === 'nin' ? 'in' : node.operator;
  const neg = op === node.operator ? negated : !negated;
  const isComparison = Object.hasOwn(COMPARISONS, op) && !spec.array;
  if (op !== 'eq' && op !== 'in' && !isComparison) {
    throw new UnsupportedConditionError(`Unsupported condition operator "${node.operator}" on field "${node.field}"`);
  }
  const value = checkValue(node);
  if (op === 'eq') return spec.array ? arrayContains(spec, value, neg, params) : scalarEquals(spec, value, neg, params);
  if (op === 'in') return spec.array ? arrayOverlaps(spec, value, neg, params) : scalarIn(spec, value, neg, params);
  return comparison(spec, op as Comparison, value, neg, params);
}

/** Scalars (and Dates) go to PostgreSQL as they are; objects, RegExps and nested arrays have no exact SQL meaning here. */
function checkValue(node: FieldNode): unknown {
  const isScalar = (v: unknown): boolean => v === null || v instanceof Date || ['string', 'number', 'boolean', 'bigint'].includes(typeof v);
  const listOp = node.operator === 'in' || node.operator === 'nin';
  const ok = listOp ? Array.isArray(node.value) && node.value.every(isScalar) : isScalar(node.value);
  if (!ok) throw new UnsupportedConditionError(`Unsupported value for operator "${node.operator}" on field "${node.field}"`);
  return node.value;
}

// Rows where the test is NULL (e.g. NULL elements inside an array) count as "no match".
const notTrue = (sql: string): string => `NOT COALESCE(${sql}, FALSE)`;

function scalarEquals({ column, type }: ColumnSpec, value: unknown, negated: boolean, params: Params): string {
  if (value === null) return `${column} IS ${negated ? 'NOT ' : ''}NULL`;
  const param = params.add(value, type);
  // IS DISTINCT FROM, because mongo's $ne also matches rows where the field is NULL.
  return negated ? `${column} IS DISTINCT FROM ${param}` : `${column} = ${param}`;
}

function scalarIn({ column, type }: ColumnSpec, value: unknown, negated: boolean, params: Params): string {
  const values = value as readonly unknown[];
  const nonNull = values.filter((v) => v !== null);
  // NULL never equals anything in SQL, so a null in the list becomes an explicit IS NULL.
  const any = `${column} = ANY(${params.add(nonNull, `${type}[]`)})`;
  const sql = nonNull.length === values.length ? any : `(${column} IS NULL OR ${any})`;
  return negated ? notTrue(sql) : sql;
}

function comparison({ column, type }: ColumnSpec, op: Comparison, value: unknown, negated: boolean, params: Params): string {
  if (value === null) throw new UnsupportedConditionError(`Cannot compare with null (operator "${op}")`);
  const param = params.add(value, type);
  // Mongo never matches a missing field with lt/gt, so its complement includes NULL.
  return negated ? `(${column} IS NULL OR ${column} ${COMPLEMENTS[op]} ${param})` : `${column} ${COMPARISONS[op]} ${param}`;
}

// On an array field, mongo's equality means "contains the value".
function arrayContains({ column, type }: ColumnSpec, value: unknown, negated: boolean, params: Params): string {
  // Mongo's {tags: null} also matches arrays holding a null element: no exact SQL form worth having.
  if (value === null) throw new UnsupportedConditionError(`Unsupported null comparison on array column ${column}`);
  const sql = `${params.add(value, type)} = ANY(${column})`;
  return negated ? notTrue(sql) : sql;
}

// On an array field, mongo's $in means "shares at least one element".
function arrayOverlaps({ column, type }: ColumnSpec, value: unknown, negated: boolean, params: Params): string {
  const values = value as readonly unknown[];
  if (values.includes(null)) throw new UnsupportedConditionError(`Unsupported null in list for array column ${column}`);
  const sql = `${column} && ${params.add(values, `${type}[]`)}`;
  return negated ? notTrue(sql) : sql;
}
