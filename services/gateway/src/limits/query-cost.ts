import { Kind, getNamedType, getOperationAST, getVariableValues, isLeafType, visit } from 'graphql';
import type { DocumentNode, GraphQLSchema, ValueNode } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import type { ComplexityEstimatorArgs } from 'graphql-query-complexity';

/**
 * The cost model (docs/api.md, "Limits and costs"): a leaf field (scalar, enum) costs 0, any other
 * field 1 plus what it selects, and a page (a field taking `first`, directly or as `page.first`)
 * costs 1 + `first` × what one item selects (at least 1). Variables are resolved first, so
 * `first: $n` costs what `$n` says.
 */
export function estimateFieldCost({ field, args, childComplexity }: ComplexityEstimatorArgs): number {
  const own = isLeafType(getNamedType(field.type)) ? 0 : 1;
  const first = pageSizeOf(args);
  return first === null ? own + childComplexity : own + first * Math.max(childComplexity, 1);
}

function pageSizeOf(args: Record<string, unknown>): number | null {
  const page = args.page as { first?: unknown } | undefined;
  const first = args.first ?? page?.first;
  return typeof first === 'number' && Number.isFinite(first) ? Math.max(first, 0) : null;
}

/**
 * The cost of the operation to execute; throws graphql-js's GraphQLError when the variables do
 * not fit. An operation's cost depends on the document and on the few variables it reads (page
 * sizes, @skip/@include conditions), so it is measured once per operation and values of those:
 * a dashboard sent with another case's id costs what it cost before. The variables are still
 * checked on every request, as measuring them did.
 */
export function costOf(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | undefined): number {
  const operation = getOperationAST(document, operationName);
  const inputs = variables ?? {};
  if (operation) {
    const { errors } = getVariableValues(schema, operation.variableDefinitions ?? [], inputs);
    // The last, as graphql-query-complexity reports the variables' errors.
    if (errors?.length) throw errors[errors.length - 1];
  }
  const known = costsOf(document);
  const key = `${operationName ?? ''} ${JSON.stringify(known.reads.map((read) => valueRead(read, inputs)))}`;
  let cost = known.costs.get(key);
  if (cost === undefined) {
    cost = getComplexity({ schema, query: document, operationName: operationName ?? undefined, variables: inputs, estimators: [estimateFieldCost] });
    // Bounded per operation: a page size or a condition sent with ever new values keeps few.
    if (known.costs.size >= MAX_COSTS_PER_OPERATION) known.costs.clear();
    known.costs.set(key, cost);
  }
  return cost;
}

const MAX_COSTS_PER_OPERATION = 64;

/** A variable the cost reads: whole, or only the `first` of a variable passed as `page`. */
interface CostRead {
  readonly name: string;
  readonly pageSizeOnly: boolean;
}

/** Per parsed operation (kept as long as Apollo's document cache keeps it): what it reads, what it cost. */
const measured = new WeakMap<DocumentNode, { reads: readonly CostRead[]; costs: Map<string, number> }>();

function costsOf(document: DocumentNode) {
  let known = measured.get(document);
  if (!known) measured.set(document, (known = { reads: costReads(document), costs: new Map() }));
  return known;
}

/** Absent and null stay apart: an absent variable takes its default. */
function valueRead(read: CostRead, inputs: Record<string, unknown>): unknown {
  if (!(read.name in inputs)) return [];
  const value = inputs[read.name];
  return [read.pageSizeOnly ? (value as { first?: unknown } | null)?.first : value];
}

/** The variables estimateFieldCost and graphql-query-complexity's @skip/@include read. */
function costReads(document: DocumentNode): CostRead[] {
  const reads = new Map<string, CostRead>();
  const readAll = (value: ValueNode) =>
    visit(value, {
      Variable(node) {
        reads.set(node.name.value, { name: node.name.value, pageSizeOnly: false });
      },
    });
  visit(document, {
    Field(field) {
      for (const argument of field.arguments ?? []) {
        if (argument.name.value === 'first') readAll(argument.value);
        if (argument.name.value !== 'page') continue;
        if (argument.value.kind === Kind.VARIABLE) {
          const name = argument.value.name.value;
          if (!reads.has(name)) reads.set(name, { name, pageSizeOnly: true });
        } else if (argument.value.kind === Kind.OBJECT) {
          for (const pageField of argument.value.fields) if (pageField.name.value === 'first') readAll(pageField.value);
        }
      }
    },
    Directive(directive) {
      for (const argument of directive.arguments ?? []) readAll(argument.value);
    },
  });
  return [...reads.values()];
}
