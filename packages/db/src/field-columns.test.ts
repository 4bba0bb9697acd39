import { fieldColumns } from './field-columns';

describe('fieldColumns', () => {
  const columnsOf = fieldColumns({ id: 'p.id', mrn: 'p.mrn', givenName: 'p.given_name AS "givenName"', weight: 'w.kg, w.at' }, ['id']);

  it('reads every field when nothing is asked, in the map\'s order', () => {
    expect(columnsOf()).toBe('p.id, p.mrn, p.given_name AS "givenName", w.kg, w.at');
  });

  it('reads the asked fields and those always read, in the map\'s order, ignoring names it does not map', () => {
    expect(columnsOf(new Set(['givenName', 'weight', 'careTeam']))).toBe('p.id, p.given_name AS "givenName", w.kg, w.at');
    expect(columnsOf(new Set())).toBe('p.id');
  });

  it('answers the same string for the same asked set, and an equal one for an equal set', () => {
    const asked = new Set(['mrn']);
    expect(columnsOf(asked)).toBe(columnsOf(asked));
    expect(columnsOf(new Set(['mrn']))).toBe('p.id, p.mrn');
  });
});
