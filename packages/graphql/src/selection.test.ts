import { Kind, parse } from 'graphql';
import type { FieldNode, FragmentDefinitionNode, OperationDefinitionNode } from 'graphql';
import { askedFields, askedOfNodes, asksFor } from './selection';

/** The info a resolver of the operation's first root field gets, as far as asksFor reads it. */
function infoOf(source: string) {
  const document = parse(source);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const fragments = Object.fromEntries(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const root = operation?.selectionSet.selections[0] as FieldNode;
  return { fieldNodes: [root], fragments };
}

describe('asksFor', () => {
  it('finds fields asked directly, and not those left out', () => {
    const info = infoOf('{ patient { mrn givenName } }');
    expect(asksFor(info, 'mrn')).toBe(true);
    expect(asksFor(info, 'givenName')).toBe(true);
    expect(asksFor(info, 'weight')).toBe(false);
  });

  it('looks only one level down: a field of a child object is not the value’s own', () => {
    expect(asksFor(infoOf('{ patient { emergency { weight } } }'), 'weight')).toBe(false);
  });

  it('finds fields through fragment spreads, nested spreads and inline fragments', () => {
    const source = `{ patient { ...Basics ... on Patient { sex } } }
      fragment Basics on Patient { mrn ...Clinical }
      fragment Clinical on Patient { weight { kg } }`;
    const info = infoOf(source);
    for (const field of ['mrn', 'sex', 'weight']) expect(asksFor(info, field)).toBe(true);
    expect(asksFor(info, 'phone')).toBe(false);
  });

  it('counts a field under @skip or @include as asked (one column too many is safe)', () => {
    const info = infoOf('query($no: Boolean!) { patient { mrn weight @include(if: $no) { kg } } }');
    expect(asksFor(info, 'weight')).toBe(true);
  });

  it('merges the selections of every node of the field (the same field asked twice)', () => {
    const document = parse('{ a: patient { mrn } a: patient { weight { kg } } }');
    const operation = document.definitions[0] as OperationDefinitionNode;
    const info = { fieldNodes: operation.selectionSet.selections as FieldNode[], fragments: {} };
    expect(asksFor(info, 'mrn')).toBe(true);
    expect(asksFor(info, 'weight')).toBe(true);
  });

  it('answers from its memo for the same field nodes, and afresh for others', () => {
    const info = infoOf('{ patient { mrn } }');
    expect(asksFor(info, 'mrn')).toBe(true);
    expect(asksFor({ ...info }, 'mrn')).toBe(true);
    expect(asksFor(infoOf('{ patient { sex } }'), 'mrn')).toBe(false);
  });

  it('finds nothing of a leaf, which has no selection', () => {
    expect(asksFor(infoOf('{ count }'), 'count')).toBe(false);
  });

  it('survives a fragment the document does not define (validation refuses it before any resolver runs)', () => {
    expect(asksFor(infoOf('{ patient { ...Missing mrn } }'), 'mrn')).toBe(true);
  });
});

describe('askedFields', () => {
  it('lists the fields asked directly and through fragments, but not those of nested selections', () => {
    const info = infoOf('fragment Contact on Patient { phone } { patient { mrn ...Contact ... on Patient { sex } weight { kg } } }');
    expect([...askedFields(info)].sort()).toEqual(['mrn', 'phone', 'sex', 'weight']);
  });

  it('is the same set for every row of a page (the same field nodes)', () => {
    const info = infoOf('{ patient { mrn } }');
    expect(askedFields({ ...info })).toBe(askedFields(info));
  });
});

describe('askedOfNodes', () => {
  it("lists the fields asked of a connection's nodes, through fragments on the connection, its edges and its nodes", () => {
    const info = infoOf(`
      fragment Edge on SessionEdge { node { status ...Times } }
      fragment Times on Session { startsAt }
      { sessions(page: { first: 5 }) { edges { cursor node { id kind } } ... on SessionConnection { edges { ...Edge } } pageInfo { hasNextPage } } }`);
    expect([...askedOfNodes(info)].sort()).toEqual(['id', 'kind', 'startsAt', 'status']);
    expect(askedOfNodes({ ...info })).toBe(askedOfNodes(info));
  });

  it('finds nothing when no node is asked', () => {
    expect([...askedOfNodes(infoOf('{ sessions { pageInfo { hasNextPage } } }'))]).toEqual([]);
  });
});
