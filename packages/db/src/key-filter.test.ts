import { keyFilter } from './key-filter';

describe('keyFilter (a loader batch as a SQL condition)', () => {
  it('matches one key by equality, so a prepared statement keeps its generic plan', () => {
    expect(keyFilter('p.id', ['a'])).toEqual({ sql: 'p.id = $1::uuid', value: 'a' });
  });

  it.each([[[]], [['a', 'b']], [['a', 'b', 'c']]])('matches %j with ANY over the array', (keys) => {
    expect(keyFilter('t.case_id', keys)).toEqual({ sql: 't.case_id = ANY($1::uuid[])', value: keys });
  });

  it('numbers its parameter as told', () => {
    expect(keyFilter('r.case_id', ['a'], 3).sql).toBe('r.case_id = $3::uuid');
    expect(keyFilter('r.case_id', ['a', 'b'], 3).sql).toBe('r.case_id = ANY($3::uuid[])');
  });
});
