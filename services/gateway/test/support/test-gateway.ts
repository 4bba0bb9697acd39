import { Writable } from 'node:stream';
import type { Client } from 'pg';
import { createLogger } from '@tandem/core';
import type { Clock, GraphQLLimits, HttpSettings, RateLimits, TokenSigningKey } from '@tandem/core';
import { createTestDatabase, createTestRedis, runtimeEndpoint } from '@tandem/testing';
import type { RuntimeEndpoint, RuntimeRoute, TestDatabase, TestRedis } from '@tandem/testing';
import { withClient } from '@tandem/db';
import type { Database } from '@tandem/db';
import { startGateway } from '../../src';
import type { Gateway } from '../../src';

export interface TestGateway {
  readonly gateway: Gateway;
  readonly testDb: TestDatabase;
  /** The Redis the gateway uses, and its key prefix (a worker for this gateway uses the same). */
  readonly redis: TestRedis;
  /** The gateway's own runtime database (its statement counter bounds request cost). */
  readonly db: Database;
  /** How that database is reached: directly, or through a PgBouncer started for this gateway. */
  readonly runtime: RuntimeEndpoint;
  /** Every JSON log line the gateway wrote, parsed. */
  logs(): Record<string, unknown>[];
  stop(): Promise<void>;
}

export const TEST_AUTH = { tokenKeys: [{ kid: 'test-2026', secret: 'gateway-test-token-secret-of-32-chars!!' }], encryptionKey: Buffer.alloc(32, 9) };

/**
 * The real gateway in-process on a fresh database (or `testDb`, which it then owns and drops)
 * and a real Redis, on a free port; its runtime role reached directly or through a PgBouncer.
 */
export async function startTestGateway(options: { production?: boolean; clock?: Clock; redisUrl?: string; webhooksAllowPrivateNetworks?: boolean; graphqlLimits?: GraphQLLimits; rateLimits?: RateLimits; http?: HttpSettings; tokenKeys?: readonly TokenSigningKey[]; route?: RuntimeRoute; pgbouncerPoolSize?: number; poolSize?: number; testDb?: TestDatabase } = {}): Promise<TestGateway> {
  const testDb = options.testDb ?? (await createTestDatabase());
  const runtime = await runtimeEndpoint(testDb, options.route ?? 'direct', { poolSize: options.pgbouncerPoolSize });
  const redisFixture = createTestRedis(options.redisUrl);
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const log = createLogger({ level: 'info', service: 'gateway', destination: sink });
  const db = await testDb.connect({ log, url: runtime.url, preparedStatements: runtime.preparedStatements, poolSize: options.poolSize });
  // A loaded CI machine can take longer than the production second to answer the rate limiter;
  // tests that count budgets must not see it fail open (Redis down still fails open at once).
  const gateway = await startGateway({
    settings: { host: '127.0.0.1', port: 0, production: options.production ?? false, shutdownTimeoutMs: 5_000, webhooksAllowPrivateNetworks: options.webhooksAllowPrivateNetworks ?? false, graphqlLimits: options.graphqlLimits, rateLimits: options.rateLimits, rateLimiterTimeoutMs: 10_000, http: options.http },
    db,
    auth: options.tokenKeys ? { ...TEST_AUTH, tokenKeys: options.tokenKeys } : TEST_AUTH,
    redis: redisFixture.connect(),
    redisPrefix: redisFixture.prefix,
    log,
    clock: options.clock,
  });
  return {
    gateway,
    testDb,
    redis: redisFixture,
    db,
    runtime,
    logs: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    async stop() {
      await gateway.close();
      await redisFixture.close();
      await testDb.drop();
      await runtime.close();
    },
  };
}

/** A connection as the database's superuser, closed after `fn` whatever happens. */
function asOwner<T>(app: Pick<TestGateway, 'testDb'>, fn: (owner: Client) => Promise<T>): Promise<T> {
  return withClient(app.testDb.superuserUrl, fn);
}

/**
 * A statement as the database's superuser, for what the runtime role may not read back (the
 * append-only audit trail): tests check what was written, never through the code under test.
 */
export async function ownerQuery<Row>(app: Pick<TestGateway, 'testDb'>, sql: string, parameters: unknown[]): Promise<Row[]> {
  return asOwner(app, async (owner) => (await owner.query(sql, parameters)).rows as Row[]);
}

/** Statements as the superuser in one transaction, always rolled back: the last one's rows. */
export async function ownerRolledBack<Row>(app: Pick<TestGateway, 'testDb'>, statements: readonly string[]): Promise<Row[]> {
  return asOwner(app, async (owner) => {
    await owner.query('BEGIN');
    try {
      let rows: Row[] = [];
      for (const sql of statements) rows = (await owner.query(sql)).rows as Row[];
      return rows;
    } finally {
      await owner.query('ROLLBACK');
    }
  });
}
