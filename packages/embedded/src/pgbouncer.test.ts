import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PgBouncerNotInstalledError, startPgBouncer } from './index';

describe('starting PgBouncer', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-pgbouncer-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('says how to install it when there is none, and writes nothing', async () => {
    const attempt = startPgBouncer({ dir: path.join(dir, 'run'), server: { host: '127.0.0.1', port: 5432 }, logins: [], searchPath: '/nonexistent' });
    await expect(attempt).rejects.toBeInstanceOf(PgBouncerNotInstalledError);
    await expect(attempt).rejects.toThrow(/apt-get install pgbouncer.*brew install pgbouncer/s);
    expect(fs.existsSync(path.join(dir, 'run'))).toBe(false);
  });
});
