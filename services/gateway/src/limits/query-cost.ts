import { getNamedType, isLeafType } from 'graphql';
import type { DocumentNode, GraphQLSchema } from 'graphql';
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

/** The cost of the operation to execute; throws a GraphQLError when the variables do not fit. */
export function costOf(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | undefined): number {
  return getComplexity({ schema, query: document, operationName: operationName ?? undefined, variables: variables ?? {}, estimators: [estimateFieldCost] });
}
