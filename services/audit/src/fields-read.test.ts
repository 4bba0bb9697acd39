import { fieldsRead } from './fields-read';

const FIELDS = ['title', 'body', 'dueAt'] as const;

describe('fieldsRead', () => {
  it('lists the fields the reader got, in the list order, leaving out null and absent ones', () => {
    expect(fieldsRead({ title: 't', body: null, dueAt: new Date(0) }, FIELDS)).toEqual(['title', 'dueAt']);
    expect(fieldsRead({ body: '' }, FIELDS)).toEqual(['body']);
    expect(fieldsRead({ title: 0, body: false }, FIELDS)).toEqual(['title', 'body']);
    expect(fieldsRead({}, FIELDS)).toEqual([]);
  });

  it('gives records that carry the same fields one shared, frozen list', () => {
    const first = fieldsRead({ id: 'a', title: 'x', body: null }, FIELDS);
    const second = fieldsRead({ id: 'b', title: 'y', body: undefined }, FIELDS);
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(fieldsRead({ title: 'x', body: 'b' }, FIELDS)).not.toBe(first);
  });

  it('agrees with filtering for every combination of a list, and past the bits a mask holds', () => {
    const many = Array.from({ length: 33 }, (_, i) => `f${i}`);
    for (const fields of [FIELDS as readonly string[], many]) {
      for (let seed = 0; seed < 200; seed++) {
        const record = Object.fromEntries(fields.map((field, i) => [field, (seed * 7 + i * 13) % 3 === 0 ? null : (seed + i) % 5 === 0 ? undefined : i]));
        expect(fieldsRead(record, fields)).toEqual(fields.filter((field) => record[field] !== null && record[field] !== undefined));
      }
    }
  });
});
