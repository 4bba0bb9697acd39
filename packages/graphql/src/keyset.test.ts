import { BadUserInputError } from '@tandem/core';
import { afterKeyset, keysetCursor, toKeysetPage } from './keyset';

const ID_A = '0190a6f0-0000-7000-8000-000000000001';
const ID_B = '0190a6f0-0000-7000-8000-000000000002';

describe('keyset cursors', () => {
  it('round-trip a (time, id) key, opaque to clients', () => {
    const key = { at: new Date('2026-06-15T12:00:00.123Z'), id: ID_A };
    const cursor = keysetCursor(key);
    expect(cursor).not.toContain(ID_A);
    expect(afterKeyset({ first: 10, after: cursor })).toEqual(key);
    expect(afterKeyset({ first: 10 })).toBeNull();
  });

  it('refuse foreign cursors and page sizes outside 1 to 100', () => {
    expect(() => afterKeyset({ first: 10, after: Buffer.from(ID_A).toString('base64url') })).toThrow(BadUserInputError);
    expect(() => afterKeyset({ first: 10, after: Buffer.from(`yesterday|${ID_A}`).toString('base64url') })).toThrow(BadUserInputError);
    expect(() => afterKeyset({ first: 101 })).toThrow(BadUserInputError);
  });

  it('end a page at its last row, with cursors from the row key', () => {
    const rows = [{ id: ID_A, at: new Date('2026-06-15T12:00:00Z') }, { id: ID_B, at: new Date('2026-06-15T12:01:00Z') }];
    const page = toKeysetPage(rows, 1, (row) => row.at);
    expect(page.nodes).toEqual([rows[0]]);
    expect(page.hasNextPage).toBe(true);
    expect(page.endCursor).toBe(keysetCursor({ at: rows[0].at, id: ID_A }));
    expect(page.cursorOf(rows[1])).toBe(keysetCursor({ at: rows[1].at, id: ID_B }));
  });
});
