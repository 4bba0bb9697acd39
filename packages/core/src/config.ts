import { isIP } from 'node:net';
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
  DATABASE_PREPARED_STATEMENTS: z.enum(['true', 'false']).default('true'),
  REDIS_URL: redisUrl.optional(),
  REDIS_KEY_PREFIX: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be lower-case letters, digits and dashes (at most 40)').default('tandem'),
  JOB_LOCK_DURATION_MS: integer(5_000, 600_000).default(30_000),
  DATA_DIR: z.string().min(1).default('.data'),
  SHUTDOWN_TIMEOUT_MS: integer(0, 600_000).default(15_000),
  AUTH_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  AUTH_TOKEN_KEYS: z.string().transform(parseTokenKeys).optional(),
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
  CORS_ALLOWED_ORIGINS: z.string().transform(parseOrigins).optional(),
  REQUEST_TIMEOUT_MS: integer(100, 600_000).default(30_000),
  TRUST_PROXY: z.string().refine(isTrustProxy, 'must be true, false, a number of proxies, or addresses, subnets, loopback, linklocal or uniquelocal separated by commas').default('false'),
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
    /**
     * Send parameterised statements as named prepared statements (parsed and planned once per
     * connection). Off behind a PgBouncer in transaction mode older than 1.21 (docs/operations.md).
     */
    readonly preparedStatements: boolean;
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
    /** HMAC keys of access tokens (HS256): the first signs, every one verifies (rotation). */
    readonly tokenKeys: readonly TokenSigningKey[];
    /** AES-256-GCM key for secrets kept at rest (TOTP seeds). */
    readonly encryptionKey: Buffer;
  };
  readonly production: boolean;
  readonly notifications: NotificationConfig;
  readonly graphqlLimits: GraphQLLimits;
  readonly rateLimits: RateLimits;
  readonly http: HttpSettings;
}

/** One access-token signing key; `kid` goes into each token's header to pick the key again. */
export interface TokenSigningKey {
  readonly kid: string;
  readonly secret: string;
}

/** The gateway's HTTP hardening (docs/security.md, "Transport"). */
export interface HttpSettings {
  /** Browser origins allowed to call /graphql (CORS); none means no cross-origin browser calls. */
  readonly corsAllowedOrigins: readonly string[];
  /** How long one request may take before the gateway answers 503 TIMEOUT. */
  readonly requestTimeoutMs: number;
  /** Express's `trust proxy`: which hops' X-Forwarded-* to believe (TLS terminates in front). */
  readonly trustProxy: boolean | number | string;
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
/** Outside production, a web app on a developer's own machine may call the API. */
export const DEVELOPMENT_CORS_ORIGINS: readonly string[] = Object.freeze(['http://localhost:3000', 'http://localhost:5173', 'http://127.0.0.1:3000', 'http://127.0.0.1:5173']);
export const DEFAULT_HTTP_SETTINGS: HttpSettings = Object.freeze({ corsAllowedOrigins: [], requestTimeoutMs: 30_000, trustProxy: false });

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
  // Two sources of signing keys would leave it unclear which one signs.
  if (env.AUTH_TOKEN_SECRET && env.AUTH_TOKEN_KEYS) throw new ConfigError('AUTH_TOKEN_KEYS', 'and AUTH_TOKEN_SECRET must not both be set (put the old secret in AUTH_TOKEN_KEYS as "default:…")');
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
      preparedStatements: env.DATABASE_PREPARED_STATEMENTS === 'true',
    },
    redisUrl: env.REDIS_URL,
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
    jobLockDurationMs: env.JOB_LOCK_DURATION_MS,
    dataDir: env.DATA_DIR,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    auth: {
      tokenKeys: env.AUTH_TOKEN_KEYS ?? [{ kid: LEGACY_KID, secret: env.AUTH_TOKEN_SECRET ?? DEVELOPMENT_TOKEN_SECRET }],
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
    http: {
      corsAllowedOrigins: env.CORS_ALLOWED_ORIGINS ?? (production ? [] : DEVELOPMENT_CORS_ORIGINS),
      requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
      trustProxy: trustProxyOf(env.TRUST_PROXY),
    },
  };
}

/** Production never falls back to embedded servers or development passwords. */
function requireForProduction(env: Env): void {
  // The gateway and worker connect only as the runtime role: they need its URL, or the owner's
  // URL to derive it from; the owner's password belongs to migrations alone (docs/operations.md).
  if (!env.DATABASE_URL && !env.DATABASE_RUNTIME_URL) throw new ConfigError('DATABASE_RUNTIME_URL', 'or DATABASE_URL is required when NODE_ENV=production');
  if (!env.REDIS_URL) throw new ConfigError('REDIS_URL', 'is required when NODE_ENV=production');
  if (!env.AUTH_TOKEN_SECRET && !env.AUTH_TOKEN_KEYS) throw new ConfigError('AUTH_TOKEN_SECRET', 'or AUTH_TOKEN_KEYS is required when NODE_ENV=production');
  if (!env.DATA_ENCRYPTION_KEY) throw new ConfigError('DATA_ENCRYPTION_KEY', 'is required when NODE_ENV=production');
  if (env.WEBHOOKS_ALLOW_PRIVATE_NETWORKS === 'true') throw new ConfigError('WEBHOOKS_ALLOW_PRIVATE_NETWORKS', 'must not be true when NODE_ENV=production');
  if (!env.DATABASE_RUNTIME_URL && !env.DATABASE_RUNTIME_PASSWORD) {
    throw new ConfigError('DATABASE_RUNTIME_URL', 'or DATABASE_RUNTIME_PASSWORD is required when NODE_ENV=production');
  }
}

/** The kid of a key given as AUTH_TOKEN_SECRET, and of tokens signed before keys had ids. */
export const LEGACY_KID = 'default';

/** `kid1:secret1,kid2:secret2`: ids unique and plain, secrets of 32 characters or more. */
function parseTokenKeys(value: string, context: z.RefinementCtx): TokenSigningKey[] {
  const keys = value.split(',').map((entry) => {
    const at = entry.indexOf(':');
    // No colon: no kid (an empty kid fails the check below).
    return at < 0 ? { kid: '', secret: '' } : { kid: entry.slice(0, at).trim(), secret: entry.slice(at + 1).trim() };
  });
  const bad = (message: string) => {
    // Never the value itself: it holds secrets.
    context.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  if (keys.some((key) => !/^[A-Za-z0-9_-]{1,40}$/.test(key.kid))) return bad('must be kid:secret pairs separated by commas, each kid of letters, digits, _ or - (at most 40)');
  if (keys.some((key) => key.secret.length < 32)) return bad('must give every key a secret of at least 32 characters');
  if (new Set(keys.map((key) => key.kid)).size !== keys.length) return bad('must not repeat a kid');
  return keys;
}

/** Comma-separated origins (scheme, host, optional port; no path), as browsers send them. */
function parseOrigins(value: string, context: z.RefinementCtx): string[] {
  const origins = value.split(',').map((origin) => origin.trim()).filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin) {
      context.addIssue({ code: 'custom', message: 'must be origins like https://app.example.com separated by commas (no path, no trailing slash)' });
      return z.NEVER;
    }
  }
  return origins;
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** What Express's `trust proxy` takes: a boolean, a hop count, or named ranges and addresses. */
function isTrustProxy(value: string): boolean {
  if (/^(true|false|\d{1,2})$/.test(value)) return true;
  return value.split(',').every((item) => {
    const [address, bits, ...rest] = item.trim().split('/');
    if (rest.length > 0 || !address) return false;
    if (PROXY_NAMES.has(address)) return bits === undefined;
    return isIP(address) !== 0 && (bits === undefined || /^\d{1,3}$/.test(bits));
  });
}

function trustProxyOf(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
