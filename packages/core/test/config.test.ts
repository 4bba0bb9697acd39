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

    it.each(['DATABASE_URL', 'REDIS_URL', 'DATABASE_RUNTIME_URL', 'AUTH_TOKEN_SECRET', 'DATA_ENCRYPTION_KEY'])('requires %s', (variable) => {
      const env: NodeJS.ProcessEnv = { ...complete, [variable]: undefined };
      expect(failure(env).variable).toBe(variable);
    });

    it('refuses webhooks to private networks, which would open the internal network to partners', () => {
      expect(failure({ ...complete, WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true' }).variable).toBe('WEBHOOKS_ALLOW_PRIVATE_NETWORKS');
    });

    it('accepts a runtime password instead of a runtime URL', () => {
      const env = { ...complete, DATABASE_RUNTIME_URL: undefined, DATABASE_RUNTIME_PASSWORD: 'a-long-runtime-secret' };
      expect(loadConfig(env).database.runtimePassword).toBe('a-long-runtime-secret');
    });
  });
});
