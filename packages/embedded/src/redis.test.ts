import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RedisNotInstalledError, findRedisServer, startPrivateRedis } from './index';

describe('finding redis-server', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-path-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('takes the first executable on the search path', () => {
    const binary = path.join(dir, 'redis-server');
    fs.writeFileSync(binary, '#!/bin/sh\n', { mode: 0o755 });
    expect(findRedisServer(['/nonexistent', dir].join(path.delimiter))).toBe(binary);
  });

  it('ignores a file that is not executable', () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-path-'));
    fs.writeFileSync(path.join(other, 'redis-server'), 'not a program', { mode: 0o644 });
    expect(findRedisServer(other)).toBeNull();
    fs.rmSync(other, { recursive: true, force: true });
  });

  it('says how to install Redis or set REDIS_URL when there is none', async () => {
    const attempt = startPrivateRedis({ dir, searchPath: '/nonexistent' });
    await expect(attempt).rejects.toBeInstanceOf(RedisNotInstalledError);
    await expect(attempt).rejects.toThrow(/apt-get install redis-server.*brew install redis.*REDIS_URL=redis:\/\/127\.0\.0\.1:6379 pnpm start/s);
  });
});
