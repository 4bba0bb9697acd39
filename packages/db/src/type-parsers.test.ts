import { parseUuidArray } from './type-parsers';

const A = '01a22fc7-e96b-755c-bfe5-e1e7b2c07d05';
const B = '01a22fc7-ebe7-7525-83f4-df3464ee3222';

describe('parseUuidArray (uuid[] in PostgreSQL text form)', () => {
  it.each([
    ['{}', []],
    [`{${A}}`, [A]],
    [`{${A},${B}}`, [A, B]],
    [`{${A},NULL,${B}}`, [A, null, B]],
    ['{NULL}', [null]],
  ])('reads %s', (text, expected) => {
    expect(parseUuidArray(text)).toEqual(expected);
  });

  it('hands a multi-dimensional array to the general parser', () => {
    expect(parseUuidArray(`{{${A}},{${B}}}`)).toEqual([[A], [B]]);
  });

  it.each(['', A, `{${A}`, `${A}}`])('refuses %j, which is not an array', (text) => {
    expect(() => parseUuidArray(text)).toThrow(/not an array/);
  });
});
