import { newId } from '@tandem/core';
import type { Database } from '@tandem/db';
import { clinician, contextFor, createTenant, createTestDatabase } from '../src';
import type { TestDatabase, TestTenant } from '../src';

// The runtime pool reads uuid[] with its own splitter (packages/db, type-parsers.ts): what comes
// back must be what pg's general array parser gave.
describe('arrays read back through the runtime pool', () => {
  let testDb: TestDatabase;
  let db: Database;
  let clinic: TestTenant;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await testDb.connect({ poolSize: 1 });
    clinic = await createTenant(db);
  });

  afterAll(() => testDb.drop());

  const read = <T>(sql: string, params: unknown[] = []) => db.withTenant(contextFor(clinician(clinic)), (m) => m.query<T[]>(sql, params));

  it('uuid[]: empty, with NULLs, and the order PostgreSQL gave', async () => {
    const [a, b] = [newId(), newId()];
    const [row] = await read<{ none: string[]; some: (string | null)[] }>(`SELECT '{}'::uuid[] AS none, ARRAY[$1::uuid, NULL, $2::uuid] AS some`, [a, b]);
    expect(row).toEqual({ none: [], some: [a, null, b] });
  });

  it('other arrays keep pg’s own parser (quoted text, numbers, nesting)', async () => {
    const [row] = await read<{ texts: string[]; numbers: number[]; nested: string[][] }>(
      `SELECT ARRAY['a,b', 'say "hi"', NULL] AS texts, ARRAY[1, 2]::int[] AS numbers, ARRAY[[$1::uuid], [$2::uuid]] AS nested`,
      ['01a22fc7-e96b-755c-bfe5-e1e7b2c07d05', '01a22fc7-ebe7-7525-83f4-df3464ee3222'],
    );
    expect(row).toEqual({ texts: ['a,b', 'say "hi"', null], numbers: [1, 2], nested: [['01a22fc7-e96b-755c-bfe5-e1e7b2c07d05'], ['01a22fc7-ebe7-7525-83f4-df3464ee3222']] });
  });
});
