import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { graphql, startNode } from '@tandem/testing';
import type { ChildHandle } from '@tandem/testing';
import { Client } from 'pg';

const START = path.join(__dirname, '..', 'dist', 'start.js');
// The embedded cluster's superuser (see packages/embedded): loopback only, one developer's.
const superuserUrl = (port: number) => `postgres://postgres:embedded-superuser@127.0.0.1:${port}/tandem`;

function portOf(line: string): number {
  return (JSON.parse(line) as { port: number }).port;
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

interface Running {
  readonly tandem: ChildHandle;
  readonly graphqlUrl: string;
  readonly postgresPort: number;
  readonly redisPort: number;
}

/**
 * PORT 0: the gateway takes whatever port the system gives it when it listens, and the banner
 * names it. A port found free beforehand could be handed to the embedded PostgreSQL in between,
 * whose own free port comes from the same range (a CI run failed with EADDRINUSE that way).
 */
async function start(dataDir: string): Promise<Running> {
  const tandem = startNode(START, { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' }, { processGroup: true });
  const banner = await tandem.waitFor(/Tandem is running/, 60_000);
  return {
    tandem,
    graphqlUrl: /GraphQL: (\S+)/.exec(banner)?.[1] ?? '',
    postgresPort: portOf(await tandem.waitFor(/embedded PostgreSQL started/)),
    redisPort: portOf(await tandem.waitFor(/private redis-server started/)),
  };
}

describe('pnpm start on a bare machine (embedded PostgreSQL, private redis-server)', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tandem-start-'));
    await fs.chmod(dataDir, 0o755);
  });

  afterAll(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('comes up on an empty data dir, serves, stops cleanly, and comes back with its data', async () => {
    const first = await start(dataDir);
    const info = await graphql<{ serverInfo: { version: string } }>(first.graphqlUrl, { query: '{ serverInfo { version } }' });
    expect(info.body.data?.serverInfo.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(first.tandem.output()).toContain('applied schema migrations');

    const db = new Client({ connectionString: superuserUrl(first.postgresPort) });
    await db.connect();
    await db.query(`INSERT INTO tenant (id, slug, name) VALUES ('01900000-0000-7000-8000-000000000001', 'kept-clinic', 'Kept Clinic')`);
    await db.end();

    // Ctrl-C: the terminal signals the whole group, postgres and redis-server included.
    const code = await first.tandem.interruptGroup();
    expect({ code, output: code === 0 ? '' : first.tandem.output() }).toEqual({ code: 0, output: '' });
    expect(first.tandem.output()).toMatch(/embedded PostgreSQL stopped/);
    expect(await isListening(first.postgresPort)).toBe(false);
    expect(await isListening(first.redisPort)).toBe(false);

    const second = await start(dataDir);
    try {
      expect(second.tandem.output()).not.toContain('applied schema migrations');
      const again = new Client({ connectionString: superuserUrl(second.postgresPort) });
      await again.connect();
      const { rows } = await again.query('SELECT slug FROM tenant');
      await again.end();
      expect(rows).toEqual([{ slug: 'kept-clinic' }]);
    } finally {
      // A supervisor's SIGTERM reaches only Tandem, which stops the servers itself.
      expect(await second.tandem.stop('SIGTERM')).toBe(0);
    }
    expect(await isListening(second.postgresPort)).toBe(false);
    expect(await isListening(second.redisPort)).toBe(false);
  });

  it('without redis-server on PATH it stops with advice on installing Redis or setting REDIS_URL', async () => {
    const tandem = startNode(START, { DATA_DIR: dataDir, PORT: '0', PATH: '/nonexistent' });
    expect(await tandem.exited(60_000)).toBe(1);
    expect(tandem.output()).toMatch(/no `redis-server` on your PATH.*install Redis.*REDIS_URL=redis:/s);
    expect(tandem.output()).not.toMatch(/embedded PostgreSQL started/);
  });
});
