import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startProcess, testEnv } from '@tandem/testing';

const WRITE_CITUS = path.join(__dirname, '..', 'dist', 'write-citus.js');
const COMMITTED = path.join(__dirname, '..', '..', '..', 'infra', 'citus', 'distribute.sql');

/** `pnpm citus:write`, as a developer runs it: the built CLI against a real PostgreSQL. */
describe('pnpm citus:write', () => {
  let outDir: string;

  beforeAll(async () => {
    outDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tandem-citus-write-'));
  });

  afterAll(async () => {
    await fs.rm(outDir, { recursive: true, force: true });
  });

  async function scratchDatabases(): Promise<number> {
    const admin = new Client({ connectionString: testEnv('adminUrl') });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_database WHERE datname LIKE 'tandem\\_citus\\_%'`);
      return rows[0]?.n ?? 0;
    } finally {
      await admin.end();
    }
  }

  it('migrates a scratch database, writes the committed script from it and drops the database', async () => {
    const before = await scratchDatabases();
    const out = path.join(outDir, 'distribute.sql');
    const cli = startProcess(process.execPath, [WRITE_CITUS, '--admin-url', testEnv('adminUrl'), '--out', out], { PATH: process.env.PATH, HOME: process.env.HOME });
    expect(await cli.exited(120_000)).toBe(0);
    expect(cli.output()).toContain(`wrote ${out}`);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(COMMITTED, 'utf8'));
    expect(await scratchDatabases()).toBe(before);
  });
});
