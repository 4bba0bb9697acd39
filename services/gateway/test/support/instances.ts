import path from 'node:path';
import { freePort } from '@tandem/embedded';
import { createTestDatabase, createTestRedis, startNode } from '@tandem/testing';
import type { ChildHandle, TestDatabase, TestRedis } from '@tandem/testing';
import type { GatewayUnderTest } from './clinic-fixture';
import { TEST_AUTH } from './test-gateway';

const GATEWAY = path.join(__dirname, '..', '..', 'dist', 'main.js');
const WORKER = path.join(__dirname, '..', '..', '..', 'worker', 'dist', 'main.js');

export interface GatewayProcess extends GatewayUnderTest {
  readonly process: ChildHandle;
}

export interface WorkerProcess {
  readonly process: ChildHandle;
  /** The name BullMQ stores on each job this worker takes (`job.processedBy`). */
  readonly instance: string;
}

/**
 * One deployment of the built gateway and worker entry points, as an operator runs several:
 * every process gets the same database, Redis and key prefix, and the same keys (a token signed
 * by one gateway verifies at another). Each process is its own Node process, sharing nothing
 * in memory.
 */
export interface Deployment {
  readonly testDb: TestDatabase;
  readonly redis: TestRedis;
  startGateway(): Promise<GatewayProcess>;
  startWorker(): Promise<WorkerProcess>;
  /** SIGTERM to every process still running, then the database is dropped. */
  stop(): Promise<void>;
}

export async function startDeployment(env: Record<string, string> = {}): Promise<Deployment> {
  const testDb = await createTestDatabase();
  const redis = createTestRedis();
  const shared = {
    DATABASE_URL: testDb.ownerUrl,
    DATABASE_RUNTIME_URL: testDb.runtimeUrl,
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: redis.prefix,
    AUTH_TOKEN_KEYS: TEST_AUTH.tokenKeys.map((key) => `${key.kid}:${key.secret}`).join(','),
    DATA_ENCRYPTION_KEY: TEST_AUTH.encryptionKey.toString('base64'),
    LOG_LEVEL: 'info',
    ...env,
  };
  const started: ChildHandle[] = [];
  const start = (entry: string, own: Record<string, string> = {}) => {
    const child = startNode(entry, { ...shared, ...own });
    started.push(child);
    return child;
  };
  return {
    testDb,
    redis,
    async startGateway() {
      const port = await freePort();
      const child = start(GATEWAY, { PORT: String(port), SHUTDOWN_TIMEOUT_MS: '5000' });
      await child.waitFor(/gateway listening/);
      return { process: child, testDb, gateway: { graphqlUrl: `http://127.0.0.1:${port}/graphql` } };
    },
    async startWorker() {
      const child = start(WORKER);
      const line = await child.waitFor(/worker started/);
      return { process: child, instance: (JSON.parse(line) as { instance: string }).instance };
    },
    async stop() {
      await Promise.all(started.map((child) => child.stop()));
      await redis.close();
      await testDb.drop();
    },
  };
}
