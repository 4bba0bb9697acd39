import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { GraphQLError, execute, getOperationAST, getVariableValues, visit } from 'graphql';
import type { DocumentNode, ExecutionResult, GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import type { CompiledQuery } from 'graphql-jit';

type Executor = (contextValue: unknown, variableValues: Record<string, unknown> | undefined) => Promise<ExecutionResult>;

/**
 * Executes operations with graphql-jit: each operation is compiled once into a function for its
 * own selection set, instead of graphql-js walking the document and the schema for every field
 * of every row (a partner's page of 100 cases spent 12 % of the gateway's CPU there).
 *
 * Apollo Server takes a custom executor only as a "gateway". The compiled operations are kept
 * per parsed document, which Apollo's bounded document store keeps and reuses, so they are
 * dropped with it. Apollo still parses, validates, runs every plugin and formats every error;
 * only execution changes. The schema's resolvers, and with them every permission check and
 * audit, are the same.
 */
export function compiledExecution(schema: GraphQLSchema): GatewayInterface {
  const executors = new WeakMap<DocumentNode, Map<string, Executor>>();
  const executorOf = (document: DocumentNode, operationName: string | undefined): Executor => {
    let byName = executors.get(document);
    if (!byName) executors.set(document, (byName = new Map<string, Executor>()));
    let executor = byName.get(operationName ?? '');
    if (!executor) byName.set(operationName ?? '', (executor = compile(schema, document, operationName)));
    return executor;
  };
  return {
    load: () =>
      Promise.resolve({
        schema,
        executor: ({ document, operationName, context, request }) => executorOf(document, operationName ?? undefined)(context, request.variables),
      }),
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    stop: () => Promise.resolve(),
  };
}

/** The operation compiled, or graphql-js's own execution where graphql-jit would differ. */
function compile(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): Executor {
  const interpreted: Executor = async (contextValue, variableValues) => execute({ schema, document, operationName, contextValue, variableValues });
  if (variablesInsideLiterals(document)) return interpreted;
  const compiled: CompiledQuery | ExecutionResult = compileQuery(schema, document, operationName);
  const operation = getOperationAST(document, operationName);
  // What graphql-jit cannot compile, graphql-js executes (and reports on, in its own words).
  if (!isCompiledQuery(compiled) || !operation) return interpreted;
  return async (contextValue, variableValues) => {
    // Variables are checked by graphql-js first, so that one that does not coerce is refused in
    // graphql-js's words, which Apollo (BAD_USER_INPUT) and inputFieldOf (the field) read.
    const coercion = getVariableValues(schema, operation.variableDefinitions ?? [], variableValues ?? {});
    if (coercion.errors) return { errors: coercion.errors };
    const result = await compiled.query(undefined, contextValue, variableValues ?? {});
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLJsError) } : result;
  };
}

/**
 * Whether a variable is used inside an object or list literal, as in
 * `updateClinic(input: { settings: { api: { partnerKeysRegisteredOperationsOnly: $on } } })`.
 * graphql-jit parses a custom scalar's literal (JSONObject) when it compiles, before there are
 * variables, and drops the variable; graphql-js executes such operations instead. Operations
 * that pass their inputs as whole variables, as partners' and Tandem's own clients do, compile.
 */
function variablesInsideLiterals(document: DocumentNode): boolean {
  let literalDepth = 0;
  let found = false;
  const literal = { enter: () => void literalDepth++, leave: () => void literalDepth-- };
  visit(document, {
    ObjectValue: literal,
    ListValue: literal,
    Variable() {
      if (literalDepth > 0) found = true;
    },
  });
  return found;
}

/**
 * graphql-jit's errors look like graphql-js's but are built differently (no `extensions` object
 * when the thrown error has none), which Apollo's error formatting does not survive: the same
 * error as graphql-js would have raised, with the same message, path, locations and cause (an
 * error of its own, as graphql-js gives one, where graphql-jit raised it: a null for a non-null).
 */
function asGraphQLJsError(error: GraphQLError): GraphQLError {
  const standard = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? new Error(error.message), extensions: error.extensions ?? undefined });
  (standard as { locations: GraphQLError['locations'] }).locations = error.locations;
  return standard;
}
