import 'reflect-metadata';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { TenantService } from '@tandem/accounts';
import { createLogger, loadConfig } from '@tandem/core';
import { Database, migrate } from '@tandem/db';
import { databaseFor, redisFor, stopAll } from '@tandem/dev';
import type { Stopper } from '@tandem/dev';
import { startGateway } from '@tandem/gateway';
import { closeRedis, connectRedis } from '@tandem/jobs';
import { withAuditRowsDiscarded } from './audit-discarded';
import { check } from './check';
import { measure, waitForQuiet } from './measure';
import type { WorkloadFigures } from './measure';
import { postGraphileRequests, startPostGraphile } from './postgraphile';
import { rawFloor } from './raw-floor';
import { report } from './report';
import { seed, seedSizes } from './seed';
import { tandemRequests } from './workloads';
import type { WorkloadName } from './workloads';

/**
 * `pnpm bench:api`: a seeded dataset (BENCH_TENANTS, BENCH_CASES, BENCH_NOTES), then the case
 * dashboard and the partner sync at BENCH_CONNECTIONS (32) for BENCH_SECONDS (15) each, through
 * Tandem's gateway and through PostGraphile 4 on the same database, and the dashboard's minimal
 * SQL through raw `pg` as the floor. Prints the table docs/performance.md records.
 */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const POOL = 20;
/** `Tandem`, `PostGraphile` or `raw`: only that server's rows (for profiling one). */
const ONLY = process.env.BENCH_ONLY ?? '';

async function main(): Promise<void> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tandem-bench-api-'));
  await fs.chmod(dataDir, 0o755);
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', RATE_LIMIT_KEY_COST_PER_MINUTE: '100000000', RATE_LIMIT_USER_COST_PER_MINUTE: '100000000' });
  const log = createLogger({ level: 'warn', service: 'bench' });
  const stoppers: Stopper[] = [() => fs.rm(dataDir, { recursive: true, force: true })];
  try {
    const redisUrl = await redisFor(config, log, stoppers);
    const urls = await databaseFor(config, log, stoppers);
    await migrate(urls.ownerUrl, log);
    const db = await Database.connect({ url: urls.runtimeUrl, applicationName: 'tandem-bench', poolSize: POOL, log });
    stoppers.push(() => db.close());
    const redis = await connectRedis(redisUrl, 'producer');
    stoppers.push(() => closeRedis(redis));
    const gateway = await startGateway({ settings: { ...config, port: 0, webhooksAllowPrivateNetworks: false }, auth: config.auth, db, redis, log });
    stoppers.push(() => gateway.close());

    const sizes = seedSizes(process.env);
    const seededAt = Date.now();
    const clinics = await seed(gateway.graphqlUrl, db, new TenantService(db), sizes);
    console.log(`Seeded ${sizes.tenants} tenants × ${sizes.cases} cases (${sizes.notes} notes, 4 sessions, 3 vitals, 6 PHQ-9s, 3 follow-ups each) in ${((Date.now() - seededAt) / 1000).toFixed(0)} s`);
    // Statistics for the bulk-copied rows (only the owner may ANALYZE); without them every plan assumes one row.
    const owner = new Client({ connectionString: urls.ownerUrl });
    await owner.connect();
    await owner.query('ANALYZE');
    await owner.end();
    const postgraphile = await startPostGraphile(urls.runtimeUrl, POOL);
    stoppers.push(() => postgraphile.close());

    const rows: { workload: string; server: string; figures: WorkloadFigures }[] = [];
    for (const workload of ['dashboard', 'partner-sync'] as WorkloadName[]) {
      const tandem = tandemRequests(workload, clinics);
      const pg = postGraphileRequests(workload, clinics);
      await check(gateway.graphqlUrl, tandem, `Tandem ${workload}`);
      await check(postgraphile.url, pg, `PostGraphile ${workload}`);
      for (const [server, url, requests, statements] of [
        ['Tandem', gateway.graphqlUrl, tandem, () => db.statementsSent],
        ['PostGraphile 4.14.1', postgraphile.url, pg, () => postgraphile.statements()],
      ] as const) {
        if (ONLY && !server.startsWith(ONLY)) continue;
        const quiet = await waitForQuiet(0.15, 300);
        await measure({ url, requests, connections: CONNECTIONS, seconds: 3 }, statements);
        console.log(`${server} ${workload}: ${CONNECTIONS} connections for ${SECONDS} s (machine ${(quiet * 100).toFixed(0)} % busy before) ...`);
        rows.push({ workload, server, figures: await measure({ url, requests, connections: CONNECTIONS, seconds: SECONDS }, statements) });
        await check(url, requests, `${server} ${workload} after the run`);
      }
    }
    // The cost of the audit trail's writes (docs/audit.md): Tandem again, audit rows discarded.
    for (const workload of !ONLY || ONLY === 'Tandem' ? (['dashboard', 'partner-sync'] as WorkloadName[]) : []) {
      const requests = tandemRequests(workload, clinics);
      await waitForQuiet(0.15, 300);
      console.log(`Tandem ${workload}, audit rows discarded: ${CONNECTIONS} connections for ${SECONDS} s ...`);
      const figures = await withAuditRowsDiscarded(urls.ownerUrl, () => measure({ url: gateway.graphqlUrl, requests, connections: CONNECTIONS, seconds: SECONDS }, () => db.statementsSent));
      rows.push({ workload, server: 'Tandem, audit rows discarded', figures });
    }
    if (ONLY && ONLY !== 'raw') {
      console.log(report(rows, os.loadavg()));
      return;
    }
    const quiet = await waitForQuiet(0.15, 300);
    console.log(`raw pg floor dashboard: ${CONNECTIONS} loops for ${SECONDS} s (machine ${(quiet * 100).toFixed(0)} % busy before) ...`);
    await rawFloor(urls.runtimeUrl, clinics, CONNECTIONS, 3);
    rows.push({ workload: 'dashboard', server: 'raw pg (floor, no HTTP/GraphQL)', figures: await rawFloor(urls.runtimeUrl, clinics, CONNECTIONS, SECONDS) });
    console.log(report(rows, os.loadavg()));
  } finally {
    await stopAll(stoppers, log, 30_000);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
