import { ConfigError, loadConfig } from '../src';

function failure(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies documented defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      host: '127.0.0.1',
      port: 4000,
      logLevel: 'info',
      redisUrl: undefined,
      redisKeyPrefix: 'tandem',
      jobLockDurationMs: 30_000,
      dataDir: '.data',
      shutdownTimeoutMs: 15_000,
      production: false,
    });
    expect(config.database).toMatchObject({ ownerUrl: undefined, runtimeUrl: undefined, poolSize: 10 });
    expect(config.notifications).toEqual({ smtpUrl: undefined, mailFrom: 'Tandem <no-reply@tandem.invalid>', appUrl: 'http://localhost:4000', webhooksAllowPrivateNetworks: false });
    expect(config.graphqlLimits).toEqual({ maxDepth: 10, maxCost: 5_000, maxAliases: 15, maxDirectives: 10, maxTokens: 5_000 });
    expect(config.rateLimits).toEqual({ apiKeyCostPerMinute: 50_000, userCostPerMinute: 50_000, tenantKeysCostPerMinute: 200_000 });
    expect(config.http).toEqual({ corsAllowedOrigins: ['http://localhost:3000', 'http://localhost:5173', 'http://127.0.0.1:3000', 'http://127.0.0.1:5173'], requestTimeoutMs: 30_000, trustProxy: false });
    expect(config.auth.tokenKeys).toEqual([{ kid: 'default', secret: expect.any(String) as unknown }]);
  });

  it('reads the HTTP hardening settings', () => {
    const config = loadConfig({ CORS_ALLOWED_ORIGINS: 'https://app.riverside.example, http://localhost:8080', REQUEST_TIMEOUT_MS: '5000', TRUST_PROXY: '1' });
    expect(config.http).toEqual({ corsAllowedOrigins: ['https://app.riverside.example', 'http://localhost:8080'], requestTimeoutMs: 5_000, trustProxy: 1 });
    expect(loadConfig({ TRUST_PROXY: 'true' }).http.trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).http.trustProxy).toBe('loopback, 10.0.0.0/8');
  });

  it('reads rotating token keys, the first signing; AUTH_TOKEN_SECRET alone is the key "default"', () => {
    const a = 'a'.repeat(32);
    const b = 'b'.repeat(40);
    expect(loadConfig({ AUTH_TOKEN_KEYS: `k2026-06:${a}, k2026-01:${b}` }).auth.tokenKeys).toEqual([{ kid: 'k2026-06', secret: a }, { kid: 'k2026-01', secret: b }]);
    expect(loadConfig({ AUTH_TOKEN_SECRET: b }).auth.tokenKeys).toEqual([{ kid: 'default', secret: b }]);
    expect(failure({ AUTH_TOKEN_SECRET: b, AUTH_TOKEN_KEYS: `k1:${a}` }).variable).toBe('AUTH_TOKEN_KEYS');
  });

  it.each([
    ['a short secret', 'k1:too-short-secret'],
    ['a repeated kid', `k1:${'a'.repeat(32)},k1:${'b'.repeat(32)}`],
    ['no kid', 'a'.repeat(40)],
    ['a kid with spaces', `my key:${'a'.repeat(32)}`],
  ])('refuses AUTH_TOKEN_KEYS with %s, never echoing a secret', (_label, value) => {
    const error = failure({ AUTH_TOKEN_KEYS: value });
    expect(error.variable).toBe('AUTH_TOKEN_KEYS');
    expect(error.message).not.toContain('aaaa');
    expect(error.message).not.toContain('too-short-secret');
  });

  it('reads the GraphQL limits and rate limits', () => {
    const config = loadConfig({
      GRAPHQL_MAX_DEPTH: '12',
      GRAPHQL_MAX_COST: '8000',
      GRAPHQL_MAX_ALIASES: '0',
      GRAPHQL_MAX_DIRECTIVES: '3',
      GRAPHQL_MAX_TOKENS: '20000',
      RATE_LIMIT_KEY_COST_PER_MINUTE: '9000',
      RATE_LIMIT_USER_COST_PER_MINUTE: '100000',
      RATE_LIMIT_TENANT_KEYS_COST_PER_MINUTE: '30000',
    });
    expect(config.graphqlLimits).toEqual({ maxDepth: 12, maxCost: 8_000, maxAliases: 0, maxDirectives: 3, maxTokens: 20_000 });
    expect(config.rateLimits).toEqual({ apiKeyCostPerMinute: 9_000, userCostPerMinute: 100_000, tenantKeysCostPerMinute: 30_000 });
  });

  it('refuses a rate limit below the cost of one allowed operation', () => {
    expect(failure({ GRAPHQL_MAX_COST: '8000', RATE_LIMIT_USER_COST_PER_MINUTE: '7999' }).variable).toBe('RATE_LIMIT_USER_COST_PER_MINUTE');
    expect(failure({ GRAPHQL_MAX_COST: '8000', RATE_LIMIT_TENANT_KEYS_COST_PER_MINUTE: '7999' }).variable).toBe('RATE_LIMIT_TENANT_KEYS_COST_PER_MINUTE');
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ PORT: '  ', REDIS_URL: '' }).port).toBe(4000);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '-1'],
    ['PORT', '65536'],
    ['PORT', '4000.5'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_URL', 'mysql://localhost/tandem'],
    ['DATABASE_RUNTIME_URL', 'postgres://'],
    ['REDIS_URL', 'http://localhost:6379'],
    ['LOG_LEVEL', 'loud'],
    ['NODE_ENV', 'staging'],
    ['DATABASE_POOL_SIZE', '0'],
    ['DATABASE_RUNTIME_PASSWORD', 'short'],
    ['SHUTDOWN_TIMEOUT_MS', 'soon'],
    ['AUTH_TOKEN_SECRET', 'too-short'],
    ['DATA_ENCRYPTION_KEY', Buffer.alloc(16).toString('base64')],
    ['SMTP_URL', 'http://mail:25'],
    ['REDIS_KEY_PREFIX', 'Tandem:prod'],
    ['JOB_LOCK_DURATION_MS', '100'],
    ['APP_URL', 'ftp://app'],
    ['WEBHOOKS_ALLOW_PRIVATE_NETWORKS', 'yes'],
    ['GRAPHQL_MAX_DEPTH', '1'],
    ['GRAPHQL_MAX_COST', '0'],
    ['GRAPHQL_MAX_ALIASES', 'many'],
    ['GRAPHQL_MAX_DIRECTIVES', '-1'],
    ['GRAPHQL_MAX_TOKENS', '10'],
    ['RATE_LIMIT_KEY_COST_PER_MINUTE', '0'],
    ['RATE_LIMIT_USER_COST_PER_MINUTE', '1.5'],
    ['CORS_ALLOWED_ORIGINS', 'https://app.example/'],
    ['CORS_ALLOWED_ORIGINS', 'app.example'],
    ['CORS_ALLOWED_ORIGINS', '*'],
    ['REQUEST_TIMEOUT_MS', '10'],
    ['TRUST_PROXY', 'yes please'],
    ['TRUST_PROXY', '10.0.0.0/8/1'],
  ])('rejects %s=%s naming the variable', (variable, value) => {
    const error = failure({ [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
  });

  it('never echoes a malformed URL, which may hold a password', () => {
    const error = failure({ DATABASE_URL: 'postgres//admin:hunter2hunter2@db' });
    expect(error.message).not.toContain('hunter2');
  });

  it('accepts postgres and redis URLs', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://owner:pw@db.internal:5432/tandem',
      REDIS_URL: 'rediss://cache.internal:6380',
      PORT: '0',
    });
    expect(config.database.ownerUrl).toBe('postgresql://owner:pw@db.internal:5432/tandem');
    expect(config.redisUrl).toBe('rediss://cache.internal:6380');
    expect(config.port).toBe(0);
  });

  describe('in production', () => {
    const complete = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://owner@db/tandem',
      DATABASE_RUNTIME_URL: 'postgres://app@db/tandem',
      REDIS_URL: 'redis://cache:6379',
      AUTH_TOKEN_SECRET: 'a-production-token-secret-of-32-chars',
      DATA_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
    };

    it('accepts a complete configuration', () => {
      expect(loadConfig(complete).production).toBe(true);
    });

    it.each(['REDIS_URL', 'DATABASE_RUNTIME_URL', 'AUTH_TOKEN_SECRET', 'DATA_ENCRYPTION_KEY'])('requires %s', (variable) => {
      const env: NodeJS.ProcessEnv = { ...complete, [variable]: undefined };
      expect(failure(env).variable).toBe(variable);
    });

    it("serves with the runtime role's URL alone: the owner's URL and password stay with the migrations", () => {
      expect(loadConfig({ ...complete, DATABASE_URL: undefined }).database).toMatchObject({ ownerUrl: undefined, runtimeUrl: 'postgres://app@db/tandem' });
    });

    it('requires the runtime URL or the owner URL to derive it from', () => {
      expect(failure({ ...complete, DATABASE_URL: undefined, DATABASE_RUNTIME_URL: undefined }).variable).toBe('DATABASE_RUNTIME_URL');
    });

    it('refuses webhooks to private networks, which would open the internal network to partners', () => {
      expect(failure({ ...complete, WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true' }).variable).toBe('WEBHOOKS_ALLOW_PRIVATE_NETWORKS');
    });

    it('allows no cross-origin browser calls unless CORS_ALLOWED_ORIGINS lists them', () => {
      expect(loadConfig(complete).http.corsAllowedOrigins).toEqual([]);
      expect(loadConfig({ ...complete, CORS_ALLOWED_ORIGINS: 'https://app.riverside.example' }).http.corsAllowedOrigins).toEqual(['https://app.riverside.example']);
    });

    it('accepts AUTH_TOKEN_KEYS instead of AUTH_TOKEN_SECRET', () => {
      const env = { ...complete, AUTH_TOKEN_SECRET: undefined, AUTH_TOKEN_KEYS: `k1:${'c'.repeat(32)}` };
      expect(loadConfig(env).auth.tokenKeys).toEqual([{ kid: 'k1', secret: 'c'.repeat(32) }]);
    });

    it('accepts a runtime password instead of a runtime URL', () => {
      const env = { ...complete, DATABASE_RUNTIME_URL: undefined, DATABASE_RUNTIME_PASSWORD: 'a-long-runtime-secret' };
      expect(loadConfig(env).database.runtimePassword).toBe('a-long-runtime-secret');
    });
  });
});
