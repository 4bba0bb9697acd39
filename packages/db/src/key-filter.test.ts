import { KEY_LIST_LIMIT, keyFilter } from './key-filter';

describe('keyFilter (a loader batch as a SQL condition)', () => {
  it('matches one key by equality, so a prepared statement keeps its generic plan', () => {
    expect(keyFilter('p.id', ['a'])).toEqual({ sql: 'p.id = $1::uuid', values: ['a'] });
  });

  it('matches a small batch as a list of parameters, one each, up to the limit', () => {
    expect(keyFilter('t.case_id', ['a', 'b'])).toEqual({ sql: 't.case_id IN ($1::uuid, $2::uuid)', values: ['a', 'b'] });
    const most = Array.from({ length: KEY_LIST_LIMIT }, (_, i) => `k${i}`);
    const filter = keyFilter('t.case_id', most);
    expect(filter.values).toEqual(most);
    expect(filter.sql).toBe(`t.case_id IN (${most.map((_key, i) => `$${i + 1}::uuid`).join(', ')})`);
  });

  it.each([[[]], [Array.from({ length: KEY_LIST_LIMIT + 1 }, (_, i) => `k${i}`)]])('matches %j with ANY over one array parameter', (keys) => {
    expect(keyFilter('t.case_id', keys)).toEqual({ sql: 't.case_id = ANY($1::uuid[])', values: [keys] });
  });

  it('numbers its parameters from the one it is told', () => {
    expect(keyFilter('r.case_id', ['a'], 3).sql).toBe('r.case_id = $3::uuid');
    expect(keyFilter('r.case_id', ['a', 'b'], 3).sql).toBe('r.case_id IN ($3::uuid, $4::uuid)');
    expect(keyFilter('r.case_id', [], 3).sql).toBe('r.case_id = ANY($3::uuid[])');
  });
});
