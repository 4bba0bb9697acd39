import { z } from 'zod';

/**
 * Every setting comes from the environment, is parsed and validated once at start-up, and is
 * then passed around as this typed object. A bad value stops the process with a message that
 * names the variable (and never echoes a value that could be a secret).
 */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number between ${min} and ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be a whole number between ${min} and ${max}`);

const urlWithScheme = (schemes: readonly string[]) =>
  z.string().refine((value) => {
    try {
      const url = new URL(value);
      return schemes.includes(url.protocol) && url.hostname.length > 0;
    } catch {
      return false;
    }
  }, `must be a URL starting with ${schemes.map((s) => `${s}//`).join(' or ')} and naming a host`);

const postgresUrl = urlWithScheme(['postgres:', 'postgresql:']);
const redisUrl = urlWithScheme(['redis:', 'rediss:']);
const smtpUrl = urlWithScheme(['smtp:', 'smtps:']);
const httpUrl = urlWithScheme(['http:', 'https:']);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: integer(0, 65535).default(4000),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_RUNTIME_URL: postgresUrl.optional(),
  DATABASE_RUNTIME_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  DATABASE_POOL_SIZE: integer(1, 500).default(10),
  REDIS_URL: redisUrl.optional(),
  REDIS_KEY_PREFIX: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be lower-case letters, digits and dashes (at most 40)').default('tandem'),
  JOB_LOCK_DURATION_MS: integer(5_000, 600_000).default(30_000),
  DATA_DIR: z.string().min(1).default('.data'),
  SHUTDOWN_TIMEOUT_MS: integer(0, 600_000).default(15_000),
  AUTH_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  DATA_ENCRYPTION_KEY: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)')
    .optional(),
  SMTP_URL: smtpUrl.optional(),
  MAIL_FROM: z.string().min(3).default('Tandem <no-reply@tandem.invalid>'),
  APP_URL: httpUrl.default('http://localhost:4000'),
  WEBHOOKS_ALLOW_PRIVATE_NETWORKS: z.enum(['true', 'false']).default('false'),
  GRAPHQL_MAX_DEPTH: integer(2, 100).default(10),
  GRAPHQL_MAX_COST: integer(1, 1_000_000).default(5_000),
  GRAPHQL_MAX_ALIASES: integer(0, 1_000).default(15),
  GRAPHQL_MAX_DIRECTIVES: integer(0, 1_000).default(10),
  GRAPHQL_MAX_TOKENS: integer(100, 1_000_000).default(5_000),
  RATE_LIMIT_KEY_COST_PER_MINUTE: integer(1, 100_000_000).default(50_000),
  RATE_LIMIT_USER_COST_PER_MINUTE: integer(1, 100_000_000).default(50_000),
  RATE_LIMIT_TENANT_KEYS_COST_PER_MINUTE: integer(1, 1_000_000_000).default(200_000),
});

type Env = z.infer<typeof schema>;

export interface TandemConfig {
  readonly env: Env['NODE_ENV'];
  readonly host: string;
  readonly port: number;
  readonly logLevel: Env['LOG_LEVEL'];
  readonly database: {
    /** The owner role: runs migrations. Absent means "start the embedded PostgreSQL". */
    readonly ownerUrl: string | undefined;
    /** The runtime role: serves requests under RLS. Derived from ownerUrl when absent. */
    readonly runtimeUrl: string | undefined;
    readonly runtimePassword: string;
    readonly poolSize: number;
  };
  /** Absent means "start a private redis-server". */
  readonly redisUrl: string | undefined;
  /** Every Redis key of this deployment starts with it (queues: `{prefix}`, a Cluster hash tag). */
  readonly redisKeyPrefix: string;
  /**
   * How long a worker holds a job before BullMQ deems it stalled: a worker killed mid-job has its
   * job retried by another after about this long.
   */
  readonly jobLockDurationMs: number;
  readonly dataDir: string;
  readonly shutdownTimeoutMs: number;
  readonly auth: {
    /** HMAC key of access tokens (HS256). */
    readonly tokenSecret: string;
    /** AES-256-GCM key for secrets kept at rest (TOTP seeds). */
    readonly encryptionKey: Buffer;
  };
  readonly production: boolean;
  readonly notifications: NotificationConfig;
  readonly graphqlLimits: GraphQLLimits;
  readonly rateLimits: RateLimits;
}

/** Bounds on one GraphQL operation, checked before anything executes (docs/api.md, "Limits and costs"). */
export interface GraphQLLimits {
  /** Deepest field nesting, fragments expanded. */
  readonly maxDepth: number;
  /** Most cost units of one operation (a page costs `first` × the cost of one item). */
  readonly maxCost: number;
  readonly maxAliases: number;
  readonly maxDirectives: number;
  /** Lexical tokens of the document; parsing stops beyond it. */
  readonly maxTokens: number;
}

/** Cost units per minute, per tenant and per API key or user (docs/api.md, "Rate limits"). */
export interface RateLimits {
  readonly apiKeyCostPerMinute: number;
  readonly userCostPerMinute: number;
  /** All API keys of one clinic together. */
  readonly tenantKeysCostPerMinute: number;
}

export const DEFAULT_GRAPHQL_LIMITS: GraphQLLimits = Object.freeze({ maxDepth: 10, maxCost: 5_000, maxAliases: 15, maxDirectives: 10, maxTokens: 5_000 });
export const DEFAULT_RATE_LIMITS: RateLimits = Object.freeze({ apiKeyCostPerMinute: 50_000, userCostPerMinute: 50_000, tenantKeysCostPerMinute: 200_000 });

export interface NotificationConfig {
  /** SMTP server for e-mail notifications; absent means the e-mail channel is off (said at start). */
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  /** Where links in e-mails point (the clinic-facing app). */
  readonly appUrl: string;
  /**
   * Let webhooks reach loopback and private addresses. Only for tests and local development:
   * in production it would let a partner probe the internal network (SSRF), so it is refused.
   */
  readonly webhooksAllowPrivateNetworks: boolean;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, reason: string) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

// Only used outside production, where the database and the tokens are a developer's own.
const DEVELOPMENT_RUNTIME_PASSWORD = 'tandem-runtime-dev-only';
const DEVELOPMENT_TOKEN_SECRET = 'tandem-development-only-token-secret-0000';
const DEVELOPMENT_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');

export function loadConfig(source: NodeJS.ProcessEnv = process.env): TandemConfig {
  const relevant = Object.fromEntries(
    Object.keys(schema.shape).map((key) => [key, emptyToUndefined(source[key])]),
  );
  const parsed = schema.safeParse(relevant);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(variable, issue?.message ?? 'is invalid');
  }
  return toConfig(parsed.data);
}

function toConfig(env: Env): TandemConfig {
  const production = env.NODE_ENV === 'production';
  if (production) requireForProduction(env);
  // Otherwise an operation the limits allow could never pass the rate limit.
  for (const variable of ['RATE_LIMIT_KEY_COST_PER_MINUTE', 'RATE_LIMIT_USER_COST_PER_MINUTE', 'RATE_LIMIT_TENANT_KEYS_COST_PER_MINUTE'] as const) {
    if (env[variable] < env.GRAPHQL_MAX_COST) throw new ConfigError(variable, 'must be at least GRAPHQL_MAX_COST');
  }
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    database: {
      ownerUrl: env.DATABASE_URL,
      runtimeUrl: env.DATABASE_RUNTIME_URL,
      runtimePassword: env.DATABASE_RUNTIME_PASSWORD ?? DEVELOPMENT_RUNTIME_PASSWORD,
      poolSize: env.DATABASE_POOL_SIZE,
    },
    redisUrl: env.REDIS_URL,
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
    jobLockDurationMs: env.JOB_LOCK_DURATION_MS,
    dataDir: env.DATA_DIR,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    auth: {
      tokenSecret: env.AUTH_TOKEN_SECRET ?? DEVELOPMENT_TOKEN_SECRET,
      encryptionKey: Buffer.from(env.DATA_ENCRYPTION_KEY ?? DEVELOPMENT_ENCRYPTION_KEY, 'base64'),
    },
    production,
    notifications: {
      smtpUrl: env.SMTP_URL,
      mailFrom: env.MAIL_FROM,
      appUrl: env.APP_URL,
      webhooksAllowPrivateNetworks: env.WEBHOOKS_ALLOW_PRIVATE_NETWORKS === 'true',
    },
    graphqlLimits: {
      maxDepth: env.GRAPHQL_MAX_DEPTH,
      maxCost: env.GRAPHQL_MAX_COST,
      maxAliases: env.GRAPHQL_MAX_ALIASES,
      maxDirectives: env.GRAPHQL_MAX_DIRECTIVES,
      maxTokens: env.GRAPHQL_MAX_TOKENS,
    },
    rateLimits: { apiKeyCostPerMinute: env.RATE_LIMIT_KEY_COST_PER_MINUTE, userCostPerMinute: env.RATE_LIMIT_USER_COST_PER_MINUTE, tenantKeysCostPerMinute: env.RATE_LIMIT_TENANT_KEYS_COST_PER_MINUTE },
  };
}

/** Production never falls back to embedded servers or development passwords. */
function requireForProduction(env: Env): void {
  if (!env.DATABASE_URL) throw new ConfigError('DATABASE_URL', 'is required when NODE_ENV=production');
  if (!env.REDIS_URL) throw new ConfigError('REDIS_URL', 'is required when NODE_ENV=production');
  if (!env.AUTH_TOKEN_SECRET) throw new ConfigError('AUTH_TOKEN_SECRET', 'is required when NODE_ENV=production');
  if (!env.DATA_ENCRYPTION_KEY) throw new ConfigError('DATA_ENCRYPTION_KEY', 'is required when NODE_ENV=production');
  if (env.WEBHOOKS_ALLOW_PRIVATE_NETWORKS === 'true') throw new ConfigError('WEBHOOKS_ALLOW_PRIVATE_NETWORKS', 'must not be true when NODE_ENV=production');
  if (!env.DATABASE_RUNTIME_URL && !env.DATABASE_RUNTIME_PASSWORD) {
    throw new ConfigError('DATABASE_RUNTIME_URL', 'or DATABASE_RUNTIME_PASSWORD is required when NODE_ENV=production');
  }
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
