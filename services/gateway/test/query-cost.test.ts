import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, buildSchema, parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { costOf, estimateFieldCost } from '../src/limits/query-cost';
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

  // costOf remembers an operation's cost by the variables the cost reads; every answer must be
  // what measuring afresh gives, in any order of requests, and bad variables refused every time.
  const measuredAfresh = (query: string, variables: Record<string, unknown>) => getComplexity({ schema, query: parse(query), variables, estimators: [estimateFieldCost] });
  it.each<[string, Record<string, unknown>[]]>([
    ['query D($id: ID!) { case(id: $id) { id } caseNotes(caseId: $id, page: { first: 20 }) { edges { node { id } } } }', [{ id: 'a' }, { id: 'b' }]],
    ['query P($n: Int!, $after: String) { cases(page: { first: $n, after: $after }) { edges { node { id patient { id } } } } }', [{ n: 10 }, { n: 10, after: 'x' }, { n: 50, after: 'y' }, { n: 10, after: 'z' }]],
    ['query W($page: PageInput!) { cases(page: $page) { edges { node { id patient { id } } } } }', [{ page: { first: 5 } }, { page: { first: 5, after: 'c' } }, { page: { first: 80, after: 'c' } }]],
    ['query S($on: Boolean!) { cases(page: { first: 10 }) { edges { node { id patient @include(if: $on) { id } } } } }', [{ on: true }, { on: false }, { on: true }]],
    ['query F($n: Int!) { ...M } fragment M on Query { members(page: { first: $n }) { count } }', [{ n: 3 }, { n: 7 }]],
  ])('%s costs what measuring afresh gives, request after request', (query, requests) => {
    const document = parse(query);
    for (const variables of [...requests, ...requests]) expect(costOf(schema, document, undefined, variables)).toBe(measuredAfresh(query, variables));
    expect(() => costOf(schema, document, undefined, { ...requests[0], unknownTooLong: 1, n: 'many', on: 'maybe', page: { first: 'x' }, id: {} })).toThrow();
  });

  it('refuses bad variables of an operation it has measured, with the error measuring gives', () => {
    const query = 'query Q($n: Int!, $id: ID!) { members(page: { first: $n }) { count } case(id: $id) { id } }';
    const document = parse(query);
    expect(costOf(schema, document, undefined, { n: 5, id: 'a' })).toBe(measuredAfresh(query, { n: 5, id: 'a' }));
    const bad = { n: 5, id: { not: 'an id' } };
    expect(() => costOf(schema, document, undefined, bad)).toThrow(new RegExp(`^${escape(catchMessage(() => measuredAfresh(query, bad)))}$`));
  });
});

function catchMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

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
