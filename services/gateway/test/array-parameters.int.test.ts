import { ManualClock } from '@tandem/core';
import { encodeArrayParameters } from '@tandem/db';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

const A = '01a22fc7-e96b-755c-bfe5-e1e7b2c07d05';
const B = 'ffffffff-0000-4abc-8def-0123456789ab';

/** What PostgreSQL reads from the gateway's array parameters (packages/db, array-parameters.ts). */
describe('array parameters, as the runtime pool sends them to real PostgreSQL', () => {
  let app: TestGateway;

  beforeAll(async () => {
    app = await startTestGateway({ clock: new ManualClock(new Date('2026-06-15T12:00:00Z')) });
  });

  afterAll(async () => {
    await app.stop();
  });

  const query = <Row>(sql: string, parameters: unknown[]) => app.db.asSystem('test-fixture', (m) => m.query<Row[]>(sql, parameters));

  it('reads a uuid[] sent in binary as the same ids, NULLs and capital letters included', async () => {
    const sql = `SELECT $1::uuid[] AS ids, $2::text[] AS texts, cardinality($3::uuid[]) AS none, $4::uuid = ANY($1::uuid[]) AS matched`;
    const parameters = [[A, null, B.toUpperCase(), A], [A, 'x,y'], [], B];
    // What the pool's client sends: the first in binary, the others as text.
    expect(encodeArrayParameters(parameters, sql).map((sent) => Buffer.isBuffer(sent))).toEqual([true, false, false, false]);
    const [row] = await query<{ ids: string[]; texts: string[]; none: number; matched: boolean }>(sql, parameters);
    expect(row).toEqual({ ids: [A, null, B, A], texts: [A, 'x,y'], none: 0, matched: true });
  });

  it('refuses a malformed id in a uuid[] as PostgreSQL always has (invalid text representation)', async () => {
    await expect(query(`SELECT $1::uuid[] AS ids`, [[A, 'not-a-uuid']])).rejects.toMatchObject({ code: '22P02' });
  });
});
