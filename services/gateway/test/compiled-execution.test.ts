import { GraphQLError, GraphQLInputObjectType, GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString, Kind, buildSchema, execute, parse } from 'graphql';
import type { ExecutionResult } from 'graphql';
import { DateTimeISOResolver, GraphQLJSONObject } from 'graphql-scalars';
import { BadUserInputError } from '@tandem/core';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compiledExecution, variablesInsideScalarLiterals } from '../src/compiled-execution';

// The compiled executor must answer exactly what graphql-js answers: same data, same errors with
// the same causes, paths and locations (and, for a variable that does not coerce, the variable's
// definition, from which Apollo answers BAD_USER_INPUT). Each case runs through both and compares.

const Row = new GraphQLObjectType({
  name: 'Row',
  fields: {
    n: { type: GraphQLInt },
    refused: { type: GraphQLString, resolve: () => Promise.reject(new BadUserInputError('title', 'A title is required')) },
    required: { type: new GraphQLNonNull(GraphQLString), resolve: () => null },
  },
});

const Range = new GraphQLInputObjectType({
  name: 'Range',
  fields: { from: { type: DateTimeISOResolver }, tags: { type: new GraphQLList(GraphQLString) }, label: { type: GraphQLString }, extra: { type: GraphQLJSONObject } },
});

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      echo: { type: GraphQLJSONObject, args: { value: { type: GraphQLJSONObject } }, resolve: (_root, { value }) => value as unknown },
      rows: { type: new GraphQLList(Row), args: { count: { type: new GraphQLNonNull(GraphQLInt) } }, resolve: (_root, { count }) => Array.from({ length: count as number }, (_, n) => ({ n })) },
      plain: { type: GraphQLString, resolve: () => Promise.reject(new Error('boom')) },
      window: { type: GraphQLString, args: { range: { type: Range } }, resolve: (_root, { range }) => JSON.stringify(range) },
      say: { type: GraphQLString, args: { s: { type: GraphQLString }, l: { type: new GraphQLList(GraphQLString) } }, resolve: (_root, args) => JSON.stringify(args) },
    },
  }),
});

async function both(query: string, variables: Record<string, unknown> = {}): Promise<[ExecutionResult, ExecutionResult]> {
  const document = parse(query);
  const { executor } = await compiledExecution(schema).load({ apollo: { key: undefined, keyHash: undefined, graphRef: undefined } });
  if (!executor) throw new Error('the compiled execution offers no executor');
  const context = {};
  const run = () => executor({ document, operationName: undefined, context, request: { query, variables } } as never) as Promise<ExecutionResult>;
  // Twice: the second answer comes from the operation compiled the first time.
  await run();
  return [await run(), await execute({ schema, document, contextValue: context, variableValues: variables })];
}

const shape = (result: ExecutionResult) => ({
  data: result.data,
  errors: result.errors?.map((error) => ({ variableNodes: error.nodes?.filter((node) => node.kind === Kind.VARIABLE_DEFINITION).length ?? 0, message: error.message, path: error.path, locations: error.locations, cause: error.originalError, extensions: error.extensions, isGraphQLError: error instanceof GraphQLError })),
});

describe('compiled execution', () => {
  it.each([
    ['rows and plain fields', 'query { rows(count: 3) { n } }', {}],
    ['variables at the top of an argument', 'query ($c: Int!) { rows(count: $c) { n } }', { c: 2 }],
    ['a variable inside a JSON literal (graphql-js executes it)', 'query ($on: Boolean!) { echo(value: { api: { restricted: $on } }) }', { on: true }],
    ['a variable as an input field, in a literal (compiled)', 'query ($from: DateTimeISO!, $tag: String) { window(range: { from: $from, label: "x", tags: ["a", $tag] }) }', { from: '2026-06-15T12:00:00.000Z', tag: 'b' }],
    ['a variable inside a JSON literal inside an input literal', 'query ($n: Int) { window(range: { label: "x", extra: { deep: [$n] } }) }', { n: 4 }],
    ['a dashboard-like filter whose variable does not coerce', 'query ($from: DateTimeISO!) { window(range: { from: $from }) }', { from: 'next Tuesday' }],
    ['an application error, with its cause and path', 'query { rows(count: 2) { n refused } }', {}],
    ['null for a non-null field', 'query { rows(count: 1) { required } }', {}],
    ['an unexpected error', 'query { plain }', {}],
    ['a variable that does not coerce', 'query ($c: Int!) { rows(count: $c) { n } }', { c: 'many' }],
  ])('answers %s as graphql-js does', async (_label, query, variables) => {
    const [compiled, interpreted] = await both(query, variables);
    expect(shape(compiled)).toEqual(shape(interpreted));
  });

  it('keeps the variable inside a JSON literal', async () => {
    const [compiled] = await both('query ($on: Boolean!) { echo(value: { api: { restricted: $on } }) }', { on: true });
    expect(compiled.data).toEqual({ echo: { api: { restricted: true } } });
  });

  it("keeps an application error's code for the error formatter", async () => {
    const [compiled] = await both('query { rows(count: 1) { refused } }');
    expect(compiled.errors?.[0]?.originalError).toBeInstanceOf(BadUserInputError);
    expect(compiled.errors?.[0]?.extensions).toEqual({});
  });

  it('compiles what a client writes as data, never as code', async () => {
    const attempts = [String.raw`"); globalThis.compiledInjection = 1; //`, '`${globalThis.compiledInjection = 2}`', '\\u0022); globalThis.compiledInjection = 3; //', '\u2028\u2029'];
    for (const text of attempts) {
      const [compiled, interpreted] = await both(`query { a: say(s: ${JSON.stringify(text)}) b: say(l: [${JSON.stringify(text)}, "x"]) c: echo(value: { t: ${JSON.stringify(text)} }) }`);
      expect(compiled).toEqual(interpreted);
      expect(JSON.parse((compiled.data as { a: string }).a)).toEqual({ s: text });
    }
    expect((globalThis as { compiledInjection?: unknown }).compiledInjection).toBeUndefined();
  });

  // Which operations compile, against the committed schema: only a variable inside a scalar's
  // literal sends an operation to graphql-js.
  const committed = buildSchema(readFileSync(path.join(__dirname, '../../../schema.graphql'), 'utf8'));
  it.each([
    ['query ($id: ID!, $from: DateTimeISO!) { caseNotes(caseId: $id, filter: { from: $from }, page: { first: 20 }) { edges { node { id } } } }', true],
    ['query ($n: Int!, $after: String) { cases(page: { first: $n, after: $after }) { edges { node { id } } } }', true],
    ['query ($s: [CaseStatus!]) { cases(page: { first: 5 }, filter: { statuses: $s }) { edges { node { id } } } }', true],
    ['mutation ($on: Boolean!) { updateClinic(input: { settings: { api: { partnerKeysRegisteredOperationsOnly: $on } } }) { id } }', false],
    ['mutation ($input: UpdateClinicInput!) { updateClinic(input: $input) { id } }', true],
  ])('%s compiles: %s', (query, compiles) => {
    expect(variablesInsideScalarLiterals(committed, parse(query))).toBe(!compiles);
  });
});
