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
  DATA_DIR: z.string().min(1).default('.data'),
  SHUTDOWN_TIMEOUT_MS: integer(0, 600_000).default(15_000),
  AUTH_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  DATA_ENCRYPTION_KEY: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)')
    .optional(),
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
  readonly dataDir: string;
  readonly shutdownTimeoutMs: number;
  readonly auth: {
    /** HMAC key of access tokens (HS256). */
    readonly tokenSecret: string;
    /** AES-256-GCM key for secrets kept at rest (TOTP seeds). */
    readonly encryptionKey: Buffer;
  };
  readonly production: boolean;
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
    dataDir: env.DATA_DIR,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    auth: {
      tokenSecret: env.AUTH_TOKEN_SECRET ?? DEVELOPMENT_TOKEN_SECRET,
      encryptionKey: Buffer.from(env.DATA_ENCRYPTION_KEY ?? DEVELOPMENT_ENCRYPTION_KEY, 'base64'),
    },
    production,
  };
}

/** Production never falls back to embedded servers or development passwords. */
function requireForProduction(env: Env): void {
  if (!env.DATABASE_URL) throw new ConfigError('DATABASE_URL', 'is required when NODE_ENV=production');
  if (!env.REDIS_URL) throw new ConfigError('REDIS_URL', 'is required when NODE_ENV=production');
  if (!env.AUTH_TOKEN_SECRET) throw new ConfigError('AUTH_TOKEN_SECRET', 'is required when NODE_ENV=production');
  if (!env.DATA_ENCRYPTION_KEY) throw new ConfigError('DATA_ENCRYPTION_KEY', 'is required when NODE_ENV=production');
  if (!env.DATABASE_RUNTIME_URL && !env.DATABASE_RUNTIME_PASSWORD) {
    throw new ConfigError('DATABASE_RUNTIME_URL', 'or DATABASE_RUNTIME_PASSWORD is required when NODE_ENV=production');
  }
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
