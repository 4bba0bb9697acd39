import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { GraphQLError, TypeInfo, execute, getNamedType, getOperationAST, getVariableValues, isLeafType, visit, visitWithTypeInfo } from 'graphql';
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
  if (variablesInsideScalarLiterals(schema, document)) return interpreted;
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
 * Whether a variable is used inside the literal of a scalar, as in
 * `updateClinic(input: { settings: { api: { partnerKeysRegisteredOperationsOnly: $on } } })`,
 * where `settings` is a JSONObject: graphql-jit parses a scalar's literal when it compiles,
 * before there are variables, and drops the variable, so graphql-js executes such operations.
 * A variable as the value of an input object's field (`filter: { from: $from }`) compiles.
 */
export function variablesInsideScalarLiterals(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  // Per open object or list literal: whether it is, or is inside, a scalar's literal.
  const scalarLiterals: boolean[] = [];
  const literal = {
    enter() {
      const type = typeInfo.getInputType();
      scalarLiterals.push(scalarLiterals.at(-1) === true || !type || isLeafType(getNamedType(type)));
    },
    leave() {
      scalarLiterals.pop();
    },
  };
  let found = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      ObjectValue: literal,
      ListValue: literal,
      Variable() {
        if (scalarLiterals.at(-1) === true) found = true;
      },
    }),
  );
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
