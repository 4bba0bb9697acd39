import { types } from 'pg';
import { TIMESTAMPTZ_OID, parseTimestamptz, parseUuidArray } from './type-parsers';

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

describe('parseTimestamptz (timestamptz in PostgreSQL ISO text form)', () => {
  // pg's own parser (postgres-date) is the reference: the same Date for every text, or the same fallback.
  const reference = types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (text: string) => unknown;
  const same = (text: string) => {
    const expected = reference(text);
    const actual = parseTimestamptz(text);
    return expected instanceof Date && actual instanceof Date ? actual.getTime() === expected.getTime() || (Number.isNaN(actual.getTime()) && Number.isNaN(expected.getTime())) : Object.is(actual, expected);
  };

  it.each([
    ['2026-12-02 03:13:57+00', Date.UTC(2026, 11, 2, 3, 13, 57)],
    ['2026-12-02 03:13:57.1+00', Date.UTC(2026, 11, 2, 3, 13, 57, 100)],
    ['2026-12-02 03:13:57.135+00', Date.UTC(2026, 11, 2, 3, 13, 57, 135)],
    ['2026-12-02 03:13:57.135999+00', Date.UTC(2026, 11, 2, 3, 13, 57, 135)],
    ['2026-12-02 03:13:57.000001+00', Date.UTC(2026, 11, 2, 3, 13, 57)],
    ['2026-12-02 03:13:57+05:30', Date.UTC(2026, 11, 1, 21, 43, 57)],
    ['2026-12-02 03:13:57-03', Date.UTC(2026, 11, 2, 6, 13, 57)],
    ['1883-11-18 12:00:00-04:56:02', Date.UTC(1883, 10, 18, 16, 56, 2)],
    ['2024-02-29 23:59:59.999+00', Date.UTC(2024, 1, 29, 23, 59, 59, 999)],
    ['1000-01-01 00:00:00+00', Date.UTC(1000, 0, 1)],
    ['9999-12-31 23:59:59.999999+14', Date.UTC(9999, 11, 31, 9, 59, 59, 999)],
  ])('reads %s', (text, expected) => {
    expect((parseTimestamptz(text) as Date).getTime()).toBe(expected);
    expect(same(text)).toBe(true);
  });

  it.each([
    'infinity',
    '-infinity',
    '0099-06-01 00:00:00+00',
    '0999-12-31 23:59:59+00',
    '12345-01-01 00:00:00+00',
    '2026-12-02 03:13:57+00 BC',
    '2026-12-02',
    '2026-12-02 03:13:57',
    '2026-12-02T03:13:57Z',
    '2026-12-02 03:13:57.5',
    '2026-12-02 03:13:57+0',
    '2026-12-02 03:13:57+05:3',
    '2026-12-02 03:13:57+05:30:',
    '2026-12-02 03:13:57+05-30',
    '2026-1x-02 03:13:57+00',
    '',
  ])('answers %j as postgres-date does (its fallback)', (text) => {
    expect(same(text)).toBe(true);
  });

  it('agrees with postgres-date on 20,000 timestamps across zones, fractions and centuries', () => {
    let seed = 7;
    const next = (limit: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % limit;
    const pad = (value: number, width: number) => String(value).padStart(width, '0');
    const disagreements: string[] = [];
    for (let i = 0; i < 20_000; i += 1) {
      const date = `${pad(1000 + next(9000), 4)}-${pad(1 + next(12), 2)}-${pad(1 + next(28), 2)} ${pad(next(24), 2)}:${pad(next(60), 2)}:${pad(next(60), 2)}`;
      const fraction = next(7) === 0 ? '' : `.${pad(next(1_000_000), 6).slice(0, 1 + next(6))}`;
      const zone = `${next(2) ? '+' : '-'}${pad(next(15), 2)}${['', `:${pad(next(60), 2)}`, `:${pad(next(60), 2)}:${pad(next(60), 2)}`][next(3)]}`;
      const text = `${date}${fraction}${zone}`;
      if (!same(text)) disagreements.push(text);
    }
    expect(disagreements).toEqual([]);
  });
});
