import { buildSchema, getVariableValues, parse, validate } from 'graphql';
import type { GraphQLError, OperationDefinitionNode } from 'graphql';
import { inputFieldOf } from '../src/input-field';

/**
 * graphql-js says where a value went wrong only in its messages: these pin the messages of the
 * installed graphql-js, so that an upgrade that rewords them fails here first.
 */
const schema = buildSchema(`
  scalar DateTimeISO
  enum Kind { CALL VISIT }
  input Item { name: String! count: Int }
  input Plan { kind: Kind! dueAt: String! items: [Item!] }
  type Query { ok: Boolean }
  type Mutation { plan(input: Plan!, note: String): Boolean }
`);

const PLAN = 'mutation P($input: Plan!, $note: String) { plan(input: $input, note: $note) }';

function variableErrors(variables: Record<string, unknown>): readonly GraphQLError[] {
  const operation = parse(PLAN).definitions[0] as OperationDefinitionNode;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  return coerced.errors ?? [];
}

describe('the field an input error concerns', () => {
  it.each([
    ['a variable left out', {}, 'input'],
    ['a null variable', { input: null }, 'input'],
    ['a string for an object', { input: 'x' }, 'input'],
    ['a value not of an enum', { input: { kind: 'WALK', dueAt: 'd' } }, 'input.kind'],
    ['a required field left out', { input: { kind: 'CALL' } }, 'input.dueAt'],
    ['a field the type does not have', { input: { kind: 'CALL', dueAt: 'd', due: 1 } }, 'input.due'],
    ['a wrong value in a list', { input: { kind: 'CALL', dueAt: 'd', items: [{ name: 'a' }, { name: 'b', count: 'two' }] } }, 'input.items.1.count'],
    ['a value whose text mimics a path', { input: { kind: 'CALL', dueAt: 'd' }, note: { 'x at "input.kind"': 1 } }, 'note'],
  ])('%s: %j names %s', (_label, variables, field) => {
    const errors = variableErrors(variables);
    expect(errors.map((error) => inputFieldOf(error))).toEqual([field]);
  });

  it.each([
    ['plan(input: { kind: WALK, dueAt: "d" })', 'input.kind'],
    ['plan(input: { kind: CALL })', 'input.dueAt'],
    ['plan(input: { kind: CALL, dueAt: "d", items: [{ name: "a" }, { name: 2 }] })', 'input.items.1.name'],
    ['plan(input: { kind: CALL, dueAt: "d" }, note: 3)', 'note'],
  ])('an inline %s names %s', (call, field) => {
    const errors = validate(schema, parse(`mutation { ${call} }`));
    expect(errors.map((error) => inputFieldOf(error))).toEqual([field]);
  });

  it('names nothing for an error that is not about an input', () => {
    const [unknown] = validate(schema, parse('{ nope }'));
    expect(unknown && inputFieldOf(unknown)).toBeUndefined();
  });
});
