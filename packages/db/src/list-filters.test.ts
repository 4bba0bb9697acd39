import { ListFilters } from './list-filters';

describe('ListFilters (a list WHERE of the filters given)', () => {
  it('adds a condition and a parameter for each value given, numbered in order, and nothing for null or undefined', () => {
    const filters = new ListFilters()
      .where(['ACTIVE'], (p) => `c.status = ANY(${p}::text[])`)
      .where(null, (p) => `c.indication = ${p}`)
      .where(undefined, (p) => `c.id > ${p}`)
      .where(0, (p) => `c.n >= ${p}`);
    const limit = filters.parameter(101);
    expect(filters.sql).toBe('c.status = ANY($1::text[]) AND c.n >= $2');
    expect(limit).toBe('$3');
    expect(filters.parameters).toEqual([['ACTIVE'], 0, 101]);
  });

  it('adds a condition of several parameters taken in order', () => {
    const filters = new ListFilters().where('DOSING', (p) => `s.kind = ${p}`);
    filters.add(`(s.starts_at, s.id) > (${filters.parameter('2026-12-02')}, ${filters.parameter('id-1')})`);
    expect(filters.sql).toBe('s.kind = $1 AND (s.starts_at, s.id) > ($2, $3)');
    expect(filters.parameters).toEqual(['DOSING', '2026-12-02', 'id-1']);
  });

  it('is "true" with no condition', () => {
    expect(new ListFilters().sql).toBe('true');
  });
});
