import { binaryUuidArray, uuidArrayPositions } from './binary-uuid-array';

const A = '01a22fc7-e96b-755c-bfe5-e1e7b2c07d05';
const B = 'ffffffff-0000-4abc-8def-0123456789ab';
const bytesOf = (uuid: string) => Buffer.from(uuid.replace(/-/g, ''), 'hex');
const int32 = (value: number) => {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
};
/** array_send's layout, written out by hand: dimensions, has-nulls, element type, length, lower bound, then each element. */
const expected = (elements: (string | null)[]) =>
  Buffer.concat([
    int32(1),
    int32(elements.includes(null) ? 1 : 0),
    int32(2950),
    int32(elements.length),
    int32(1),
    ...elements.map((element) => (element === null ? int32(-1) : Buffer.concat([int32(16), bytesOf(element)]))),
  ]);

describe('binaryUuidArray', () => {
  it.each([[[A]], [[A, B]], [[A, null, B]], [[null]], [[B, A, A]]])('writes %j as PostgreSQL sends a uuid[]', (value) => {
    expect(binaryUuidArray(value)).toEqual(expected(value));
  });

  it('writes undefined elements as NULL, as pg writes them', () => {
    expect(binaryUuidArray([A, undefined])).toEqual(expected([A, null]));
  });

  it('reads capital hex digits as PostgreSQL does: the same bytes', () => {
    expect(binaryUuidArray([B.toUpperCase(), A.toUpperCase()])).toEqual(expected([B, A]));
  });

  it.each([
    [[]],
    [['not-a-uuid']],
    [[`${A} `]],
    [[` ${A}`]],
    [[`{${A}}`]],
    [[A.replace(/-/g, '')]],
    [[A.slice(0, -1)]],
    [[`${A}0`]],
    [[A.replace('e', 'g')]],
    [[A.replace('-', '+')]],
    [[A, 'x']],
    [[1]],
    [[[A]]],
    [[{ id: A }]],
  ])('leaves %j, which is not a list of canonical uuids, to be sent as text', (value) => {
    expect(binaryUuidArray(value)).toBeUndefined();
  });
});

describe('uuidArrayPositions', () => {
  it('finds each parameter cast to uuid[], and only those', () => {
    const sql = `SELECT * FROM t WHERE a = ANY($1::uuid[]) AND b = $2::uuid AND c = ANY($3::text[]) AND d IN (SELECT unnest($12::uuid[])) AND e = $4`;
    expect([...uuidArrayPositions(sql)]).toEqual([1, 12]);
  });

  it('finds none in a statement without such a cast, and gives the same answer twice', () => {
    const sql = `SELECT $1::uuid, $2::int[]`;
    expect(uuidArrayPositions(sql).size).toBe(0);
    expect(uuidArrayPositions(sql)).toBe(uuidArrayPositions(sql));
  });
});
