import { types } from 'pg';
import { arrayParameter, encodeArrayParameters } from './array-parameters';

// What PostgreSQL reads from our literal must be what it reads from pg's: each literal is parsed
// back with pg's own array parser (text[]), element by element, as pg would have sent it.
const TEXT_ARRAY_OID = 1009;
const parseTextArray = (types.getTypeParser as (oid: number, format: 'text') => unknown)(TEXT_ARRAY_OID, 'text') as (text: string) => (string | null)[];
const A = '01a22fc7-e96b-755c-bfe5-e1e7b2c07d05';

describe('arrayParameter', () => {
  it.each([
    [[], '{}'],
    [[A], `{${A}}`],
    [[A, null, A], `{${A},NULL,${A}}`],
    [[undefined], '{NULL}'],
    [[1, 2, -3.5], '{1,2,-3.5}'],
    [[true, false], '{true,false}'],
    [['read', 'Case', 'TreatmentSession', 'a_b.c:d+e-f'], '{read,Case,TreatmentSession,a_b.c:d+e-f}'],
  ])('writes %j as %s', (value, literal) => {
    expect(arrayParameter(value)).toBe(literal);
    expect(parseTextArray(literal)).toEqual(value.map((element) => (element === null || element === undefined ? null : String(element))));
  });

  it.each([
    [['NULL']],
    [['null']],
    [['']],
    [['a,b']],
    [['a b']],
    [['{a}']],
    [['a"b']],
    [['a\\b']],
    [['mrn,givenName']],
    [[Number.NaN]],
    [[Number.POSITIVE_INFINITY]],
    [[[A]]],
    [[new Date(0)]],
    [[{ id: A }]],
    [[A, 'x y']],
  ])('leaves %j, which needs quoting, to pg', (value) => {
    expect(arrayParameter(value)).toBe(value);
  });
});

describe('encodeArrayParameters', () => {
  it('replaces only arrays it can write, in a copy, and keeps the parameters it was given untouched', () => {
    const parameters = [A, [A, A], ['a,b'], 3, null, [1, 2]];
    const sent = encodeArrayParameters(parameters);
    expect(sent).toEqual([A, `{${A},${A}}`, ['a,b'], 3, null, '{1,2}']);
    expect(parameters).toEqual([A, [A, A], ['a,b'], 3, null, [1, 2]]);
  });

  it('hands back the same list when there is nothing to write', () => {
    const parameters = [A, 1, ['a b']];
    expect(encodeArrayParameters(parameters)).toBe(parameters);
  });

  it('sends each array the statement casts to uuid[] in binary when every element is a uuid, else as before', () => {
    const sql = 'SELECT $1::uuid[], $2::uuid[], $3::text[], $4::uuid[]';
    const sent = encodeArrayParameters([[A, null], ['x'], [A], 7], sql);
    expect(Buffer.isBuffer(sent[0])).toBe(true);
    expect(sent.slice(1)).toEqual(['{x}', `{${A}}`, 7]);
  });

  it('writes no array in binary without the statement to say its type', () => {
    expect(encodeArrayParameters([[A]])).toEqual([`{${A}}`]);
  });
});

