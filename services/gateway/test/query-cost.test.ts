import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, buildSchema, parse } from 'graphql';
import { costOf } from '../src/limits/query-cost';
import { shapeOf } from '../src/limits/operation-limits';
import type { FragmentDefinitionNode, OperationDefinitionNode } from 'graphql';

/** The examples of docs/api.md ("Limits and costs"), against the committed schema. */
const schema = buildSchema(readFileSync(path.join(__dirname, '../../../schema.graphql'), 'utf8'));

describe('the cost model', () => {
  it.each([
    ['{ serverInfo { time version } }', {}, 1],
    ['{ members(page: { first: 20 }) { count } }', {}, 21],
    ['{ cases(page: { first: 100 }) { edges { node { id patient { id } } } } }', {}, 301],
    ['query Q($n: Int!) { members(page: { first: $n }) { count } }', { n: 100_000 }, 100_001],
    ['query S($n: Int!) { searchNotes(query: "x", first: $n) { hasMore hits { __typename } } }', { n: 10 }, 11],
  ])('%s with %j costs %d', (query, variables, expected) => {
    expect(costOf(schema, parse(query), undefined, variables)).toBe(expected);
  });

  it('refuses variables that do not fit', () => {
    expect(() => costOf(schema, parse('query Q($n: Int!) { members(page: { first: $n }) { count } }'), undefined, { n: 'many' })).toThrow();
  });
});

describe('the shape of an operation', () => {
  function shape(source: string) {
    const document = parse(source);
    const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    if (!operation) throw new Error('no operation');
    return shapeOf(operation, (name) => fragments.get(name));
  }

  it('expands fragments, counting each spread', () => {
    expect(shape('{ a: x { ...F ...F } } fragment F on T { b: y @skip(if: false) { z } }')).toEqual({ depth: 3, aliases: 3, directives: 2 });
  });

  it('survives fragment cycles (graphql-js reports them)', () => {
    expect(shape('{ x { ...A } } fragment A on T { y { ...B } } fragment B on T { z { ...A } }')).toEqual({ depth: 3, aliases: 0, directives: 0 });
  });

  it('leaves introspection out', () => {
    expect(shape('{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } }')).toEqual({ depth: 0, aliases: 0, directives: 0 });
  });
});
