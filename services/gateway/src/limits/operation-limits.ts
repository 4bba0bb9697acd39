import { GraphQLError, Kind } from 'graphql';
import type { ASTVisitor, FragmentDefinitionNode, OperationDefinitionNode, SelectionSetNode, ValidationContext, ValidationRule } from 'graphql';
import type { GraphQLLimits } from '@tandem/core';
import { QueryTooComplexError } from './query-too-complex';

/** What an operation asks for, fragments expanded (each spread counts again). */
export interface OperationShape {
  /** Deepest field nesting: `{ a { b } }` is 2. */
  readonly depth: number;
  readonly aliases: number;
  readonly directives: number;
}

const NONE: OperationShape = { depth: 0, aliases: 0, directives: 0 };
/** Introspection is measured by nothing (it is off in production, and its own query is 13 deep). */
const INTROSPECTION = new Set(['__schema', '__type']);

export function shapeOf(operation: OperationDefinitionNode, fragmentNamed: (name: string) => FragmentDefinitionNode | undefined | null): OperationShape {
  const measured = new Map<string, OperationShape>();
  const visiting = new Set<string>();

  function fragment(name: string): OperationShape {
    const known = measured.get(name);
    if (known) return known;
    const definition = fragmentNamed(name);
    // A cycle or an unknown fragment: graphql-js reports it; it adds nothing here.
    if (!definition || visiting.has(name)) return NONE;
    visiting.add(name);
    const inner = selections(definition.selectionSet);
    visiting.delete(name);
    const shape = { ...inner, directives: inner.directives + (definition.directives?.length ?? 0) };
    measured.set(name, shape);
    return shape;
  }

  function selections(set: SelectionSetNode): OperationShape {
    let depth = 0;
    let aliases = 0;
    let directives = 0;
    for (const selection of set.selections) {
      directives += selection.directives?.length ?? 0;
      if (selection.kind === Kind.FIELD) {
        if (INTROSPECTION.has(selection.name.value)) continue;
        const inner = selection.selectionSet ? selections(selection.selectionSet) : NONE;
        depth = Math.max(depth, 1 + inner.depth);
        aliases += (selection.alias ? 1 : 0) + inner.aliases;
        directives += inner.directives;
      } else {
        const inner = selection.kind === Kind.INLINE_FRAGMENT ? selections(selection.selectionSet) : fragment(selection.name.value);
        depth = Math.max(depth, inner.depth);
        aliases += inner.aliases;
        directives += inner.directives;
      }
    }
    return { depth, aliases, directives };
  }

  const body = selections(operation.selectionSet);
  const onVariables = (operation.variableDefinitions ?? []).reduce((sum, variable) => sum + (variable.directives?.length ?? 0), 0);
  return { ...body, directives: body.directives + (operation.directives?.length ?? 0) + onVariables };
}

/**
 * A validation rule: depth, aliases and directives of every operation of the document, checked
 * before execution. (Cost needs the variables, so it is checked later, still before execution.)
 */
export function operationLimitsRule(limits: Pick<GraphQLLimits, 'maxDepth' | 'maxAliases' | 'maxDirectives'>): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const shape = shapeOf(operation, (name) => context.getFragment(name));
      const checks = [
        ['depth', limits.maxDepth, shape.depth],
        ['aliases', limits.maxAliases, shape.aliases],
        ['directives', limits.maxDirectives, shape.directives],
      ] as const;
      for (const [limit, maximum, measured] of checks) {
        if (measured > maximum) {
          const error = new QueryTooComplexError(limit, maximum, measured);
          context.reportError(new GraphQLError(error.message, { nodes: [operation], originalError: error }));
        }
      }
      return false;
    },
  });
}
