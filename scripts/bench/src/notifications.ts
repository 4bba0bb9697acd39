import 'reflect-metadata';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TenantService } from '@tandem/accounts';
import { createLogger, loadConfig } from '@tandem/core';
import { Database, migrate } from '@tandem/db';
import { databaseFor, redisFor, stopAll } from '@tandem/dev';
import type { Stopper } from '@tandem/dev';
import { startGateway } from '@tandem/gateway';
import { closeRedis, connectRedis } from '@tandem/jobs';
import { clinicWithAssigningCoordinator } from './clinic';
import { percentile, report } from './figures';
import { sendAtRate } from './load';

/**
 * `pnpm bench:notifications`: N notifications produced by GraphQL mutations at a fixed rate of
 * notifications per second: follow-ups assigned (BENCH_MUTATION=assign: each commits a
 * `followup.scheduled` outbox row delivered as one inbox entry for the assignee) or safety alerts
 * (BENCH_MUTATION=safety, the default: a PHQ-9 with item 9 above 0, delivered to the prescriber
 * and the therapist), with the worker as its own process, as deployed. Reports the relay's and the delivery's throughput and the
 * commit-to-inbox latency (outbox row written → inbox row written, both stamped by PostgreSQL).
 * Runs on an embedded PostgreSQL and a private redis-server in a temporary directory.
 */
const COUNT = Number(process.env.BENCH_NOTIFICATIONS ?? 10_000);
const RATE = Number(process.env.BENCH_RATE ?? 200);
/** `safety` (the default: two notifications per mutation, the prescriber and the therapist) or `assign` (one). */
const MUTATION = process.env.BENCH_MUTATION === 'assign' ? 'assign' : 'safety';
const PER_MUTATION = MUTATION === 'safety' ? 2 : 1;
const KIND = MUTATION === 'safety' ? 'SAFETY_ALERT' : 'FOLLOW_UP_ASSIGNED';
const WORKER = path.join(__dirname, '..', '..', '..', 'services', 'worker', 'dist', 'main.js');

async function main(): Promise<void> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tandem-bench-'));
  // As root, the embedded PostgreSQL runs as the postgres user, who must reach its data directory.
  await fs.chmod(dataDir, 0o755);
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  const log = createLogger({ level: 'warn', service: 'bench' });
  const stoppers: Stopper[] = [() => fs.rm(dataDir, { recursive: true, force: true })];
  try {
    const redisUrl = await redisFor(config, log, stoppers);
    const urls = await databaseFor(config, log, stoppers);
    await migrate(urls.ownerUrl, log);
    const db = await Database.connect({ url: urls.runtimeUrl, applicationName: 'tandem-bench', poolSize: 20, log });
    stoppers.push(() => db.close());
    const redis = await connectRedis(redisUrl, 'producer');
    stoppers.push(() => closeRedis(redis));
    const gateway = await startGateway({ settings: { ...config, port: 0, webhooksAllowPrivateNetworks: false }, auth: config.auth, db, redis, log });
    stoppers.push(() => gateway.close());
    const worker = spawn(process.execPath, [WORKER], { env: { ...process.env, DATABASE_URL: urls.ownerUrl, DATABASE_RUNTIME_URL: urls.runtimeUrl, REDIS_URL: redisUrl, LOG_LEVEL: 'warn' }, stdio: 'inherit' });
    stoppers.push(() => new Promise<void>((resolve) => (worker.exitCode !== null ? resolve() : (worker.once('exit', () => resolve()), worker.kill('SIGTERM')))));

    const clinic = await clinicWithAssigningCoordinator(gateway.graphqlUrl, db, new TenantService(db));
    const mutations = Math.ceil(COUNT / PER_MUTATION);
    console.log(`Sending ${mutations} ${MUTATION} mutations (${COUNT} notifications) at ${RATE} notifications/s through ${gateway.graphqlUrl} ...`);
    const sent = await sendAtRate(mutations, RATE / PER_MUTATION, (i) => (MUTATION === 'safety' ? clinic.safetyAlert(i) : clinic.assign(i)));
    const delivered = await waitForInbox(db, clinic.tenantId, (mutations - sent.failures) * PER_MUTATION);
    const figures = await measure(db, clinic.tenantId);
    console.log(report({ mutation: MUTATION, count: COUNT, rate: RATE, sent, delivered, ...figures }));
  } finally {
    await stopAll(stoppers, log, 30_000);
  }
}

async function waitForInbox(db: Database, tenantId: string, count: number): Promise<number> {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    const [row] = await db.withTenant({ tenantId }, (m) => m.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM notification WHERE kind = $1`, [KIND]));
    if ((row?.n ?? 0) >= count || Date.now() > deadline) return row?.n ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Latencies and rates, computed from the timestamps PostgreSQL wrote. */
async function measure(db: Database, tenantId: string) {
  const rows = await db.asSystem('benchmark', (m) =>
    m.query<{ latency_ms: number; committed: Date; relayed: Date; delivered: Date }[]>(
      `SELECT extract(epoch FROM n.created_at - o.created_at) * 1000 AS latency_ms, o.created_at AS committed, o.relayed_at AS relayed, n.created_at AS delivered
       FROM notification n JOIN outbox o ON o.tenant_id = n.tenant_id AND o.id = split_part(n.dedupe_key, ':', 1)::uuid
       WHERE n.tenant_id = $1 AND n.kind = $2`,
      [tenantId, KIND],
    ),
  );
  const latencies = rows.map((r) => Number(r.latency_ms)).sort((a, b) => a - b);
  const toRelay = rows.map((r) => r.relayed.getTime() - r.committed.getTime()).sort((a, b) => a - b);
  const span = (times: Date[]) => (Math.max(...times.map(Number)) - Math.min(...times.map(Number))) / 1000;
  return {
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: latencies.at(-1) ?? 0,
    relayP50: percentile(toRelay, 0.5),
    relayP99: percentile(toRelay, 0.99),
    relayPerSecond: rows.length / Math.max(span(rows.map((r) => r.relayed)), 0.001),
    deliveryPerSecond: rows.length / Math.max(span(rows.map((r) => r.delivered)), 0.001),
    producedPerSecond: rows.length / Math.max(span(rows.map((r) => r.committed)), 0.001),
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
