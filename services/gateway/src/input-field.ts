import { GraphQLError, Kind, parse, visit } from 'graphql';
import type { ASTNode } from 'graphql';

/**
 * The input a GraphQL request error concerns, as a dotted path (`input.dueAt`,
 * `input.answers.3`), so that a client can show the message beside the right field, as it does
 * for the `field` of a resolver's BadUserInputError. Undefined when the error is not about one
 * input.
 *
 * - A variable that does not coerce: the variable's name, then the path inside it.
 * - An inline argument that does not fit the schema: the argument's name, then the path inside it.
 */
export function inputFieldOf(error: GraphQLError): string | undefined {
  const cause = graphqlCauseOf(error);
  return variableFieldOf(cause) ?? argumentFieldOf(cause);
}

/** graphql-js's own error under the wrappers (Apollo's, the cost limit's) that repeat its message. */
function graphqlCauseOf(error: GraphQLError): GraphQLError {
  const inner = error.originalError;
  return inner instanceof GraphQLError && inner.message === error.message ? graphqlCauseOf(inner) : error;
}

/**
 * graphql-js 16 says which variable and where inside it only in its message
 * (`Variable "$input" got invalid value "x" at "input.dueAt"; Expected type "DateTimeISO". …`),
 * and wraps the reason in `originalError`; its own path inside the variable is built of input
 * field names and list indexes only, so it can be read back exactly.
 */
const WHOLE_VARIABLE = /^Variable "\$(\w+)" of (?:required|non-null) type "[^"]+" (?:was not provided|must not be null)\.$/;
const INVALID_VALUE = /^Variable "\$(\w+)" got invalid value [\s\S]*?(?: at "(\w+(?:\.\w+|\[\d+\])*)")?$/;
/** Reasons about one field of an input object, which graphql-js reports at the object. */
const FIELD_OF_OBJECT = /^Field "(\w+)" (?:of required type "[^"]+" was not provided|is not defined by type "\w+")\./;

function variableFieldOf(error: GraphQLError): string | undefined {
  const whole = WHOLE_VARIABLE.exec(error.message);
  if (whole) return whole[1];
  const reason = error.originalError instanceof GraphQLError ? error.originalError.message : '';
  if (!reason || !error.message.endsWith(`; ${reason}`)) return undefined;
  const invalid = INVALID_VALUE.exec(error.message.slice(0, -(reason.length + 2)));
  if (!invalid?.[1]) return undefined;
  const path = dotted(invalid[2] ?? invalid[1]);
  const field = FIELD_OF_OBJECT.exec(reason)?.[1];
  return field ? `${path}.${field}` : path;
}

/** `input.items[2].name` as the project writes fields: `input.items.2.name`. */
function dotted(path: string): string {
  return path.replace(/\[(\d+)\]/g, '.$1');
}

/** A validation rule's message naming a required field missing from an inline input object. */
const MISSING_INLINE_FIELD = /^Field "\w+\.(\w+)" of required type "[^"]+" was not provided\./;

/**
 * Validation errors point at the AST node at fault but not at its ancestors, so the (already
 * validated) document is parsed again to find the argument, input fields and list indexes above
 * the node.
 */
function argumentFieldOf(error: GraphQLError): string | undefined {
  const node = error.nodes?.[0];
  const source = error.source;
  if (!node?.loc || !source) return undefined;
  const start = node.loc.start;
  let found: string[] | undefined;
  visit(parse(source), {
    enter(candidate, _key, parent, _path, ancestors) {
      if (found) return false;
      if (candidate.kind !== node.kind || candidate.loc?.start !== start) return undefined;
      // `ancestors` stops above `parent`.
      found = pathOf([...ancestors, parent, candidate].filter(isNode));
      return false;
    },
  });
  if (!found?.length) return undefined;
  const missing = MISSING_INLINE_FIELD.exec(error.message)?.[1];
  return [...found, ...(missing ? [missing] : [])].join('.');
}

function isNode(value: unknown): value is ASTNode {
  return typeof value === 'object' && value !== null && 'kind' in value;
}

/** Argument and input field names, and list indexes, from the outermost argument down. */
function pathOf(lineage: readonly ASTNode[]): string[] | undefined {
  const argument = lineage.findIndex((node) => node.kind === Kind.ARGUMENT);
  if (argument < 0) return undefined;
  return lineage.slice(argument).flatMap((node, index, below) => {
    if (node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD) return [node.name.value];
    const child = below[index + 1];
    if (node.kind === Kind.LIST && child) return [String(node.values.indexOf(child as (typeof node.values)[number]))];
    return [];
  });
}
