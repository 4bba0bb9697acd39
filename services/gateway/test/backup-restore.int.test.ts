import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { sealAll, verifyChain } from '@tandem/audit';
import type { ChainReport } from '@tandem/audit';
import { ManualClock, silentLogger } from '@tandem/core';
import { Database, withCredentials } from '@tandem/db';
import { clusterForBackup, createTestDatabase, eventually, runPgTool, serverMajorVersion, testEnv } from '@tandem/testing';
import type { BackupCluster, TestDatabase } from '@tandem/testing';
import { gql } from './support/clinic-fixture';
import { createClinicRecords } from './support/clinic-records';
import type { ClinicRecords } from './support/clinic-records';
import { everyRow, superuserOf } from './support/table-digest';
import { ownerQuery, startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';
import { startTestWorker } from './support/test-worker';

/**
 * docs/operations.md, "Back up and restore", run as written: a clinic seeded through the API,
 * its audit chain sealed by the worker, dumped with pg_dump (custom format) as a superuser,
 * restored with pg_restore into a freshly provisioned database, and served again.
 */
const CASE = `query C($id: ID!) { case(id: $id) { id status indication patient { id mrn familyName } careTeam { id caseRole } } }`;

describe('backup and restore with pg_dump and pg_restore', () => {
  const clock = new ManualClock(new Date('2026-06-15T12:00:00Z'));
  let cluster: BackupCluster;
  let scratch: string;
  let app: TestGateway;
  let records: ClinicRecords;
  let restoredDb: TestDatabase;
  let restored: TestGateway | undefined;
  const superuserUrl = (testDb: TestDatabase) => withCredentials(cluster.adminUrl, { database: testDb.name });
  const dumpFile = () => path.join(scratch, 'tandem.dump');

  beforeAll(async () => {
    cluster = await clusterForBackup();
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'tandem-dump-'));
    app = await startTestGateway({ clock, webhooksAllowPrivateNetworks: true, testDb: await createTestDatabase({ adminUrl: cluster.adminUrl }) });
    records = await createClinicRecords(app, clock, 'backup');
    const worker = await startTestWorker(app, { clock });
    await eventually(async () => (await unsealedEvents(app)) === 0, 30_000);
    await worker.stop();
    // A job that finished as the worker stopped may have audited after the last seal: seal it
    // the way the sealer job does, so the chain being backed up is complete.
    await sealAll(app.db, clock);
    restoredDb = await createTestDatabase({ adminUrl: cluster.adminUrl, empty: true });
  }, 120_000);

  afterAll(async () => {
    await restored?.stop();
    await app?.stop();
    await cluster?.stop();
    if (scratch) await fs.rm(scratch, { recursive: true, force: true });
  });

  it('dumps with a pg_dump at least as new as the server (pg_dump refuses a newer server), on the run\'s own server when it can', async () => {
    expect(cluster.tools.major).toBeGreaterThanOrEqual(await serverMajorVersion(cluster.adminUrl));
    expect(cluster.ownCluster).toBe(cluster.tools.major < (await serverMajorVersion(testEnv('adminUrl'))));
  });

  it('cannot dump as the owner: FORCE row-level security applies to it, and pg_dump refuses rather than dump part of a table', async () => {
    const asOwner = await runPgTool(cluster.tools.pgDump, ['--format=custom', `--file=${path.join(scratch, 'owner.dump')}`, `--dbname=${app.testDb.ownerUrl}`]);
    expect(asOwner.code).not.toBe(0);
    expect(asOwner.stderr).toMatch(/row-level security/);
  });

  it('dumps as a superuser and restores into a freshly provisioned database with the same rows in every table', async () => {
    const dumped = await runPgTool(cluster.tools.pgDump, ['--format=custom', `--file=${dumpFile()}`, `--dbname=${superuserUrl(app.testDb)}`]);
    expect(dumped).toEqual({ code: 0, stderr: '' });
    const restoredRun = await runPgTool(cluster.tools.pgRestore, ['--exit-on-error', '--single-transaction', `--dbname=${superuserUrl(restoredDb)}`, dumpFile()]);
    expect(restoredRun).toEqual({ code: 0, stderr: '' });

    const [source, target] = [await superuserOf(app), await superuserOf({ testDb: restoredDb } as TestGateway)];
    try {
      const sourceCounts = await rowCounts(source);
      expect(Object.keys(sourceCounts).length).toBeGreaterThan(20);
      for (const table of ['tenant', 'membership', 'patient', 'clinical_case', 'case_note', 'treatment_session', 'follow_up', 'audit_event']) expect(sourceCounts[table]).toBeGreaterThan(0);
      expect(await rowCounts(target)).toEqual(sourceCounts);
      expect(await everyRow(target)).toEqual(await everyRow(source));
    } finally {
      await Promise.all([source.end(), target.end()]);
    }
  });

  it('dumps the same as a login with BYPASSRLS and pg_read_all_data, no superuser (the least a backup job needs)', async () => {
    const role = `tandem_backup_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE ${role} LOGIN BYPASSRLS PASSWORD '${BACKUP_PASSWORD}'`);
      await admin.query(`GRANT pg_read_all_data TO ${role}`);
      await admin.query(`GRANT CONNECT ON DATABASE ${admin.escapeIdentifier(app.testDb.name)} TO ${role}`);
      const asBackup = path.join(scratch, 'backup-role.dump');
      const url = withCredentials(cluster.adminUrl, { user: role, password: BACKUP_PASSWORD, database: app.testDb.name });
      expect(await runPgTool(cluster.tools.pgDump, ['--format=custom', `--file=${asBackup}`, `--dbname=${url}`])).toEqual({ code: 0, stderr: '' });
      expect(await asScript(cluster.tools.pgRestore, asBackup)).toEqual(await asScript(cluster.tools.pgRestore, dumpFile()));
    } finally {
      await admin.query(`REVOKE CONNECT ON DATABASE ${admin.escapeIdentifier(app.testDb.name)} FROM ${role}`);
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    }
  });

  it('restores an audit chain that verifies, link for link, with the code `pnpm tandem audit verify` runs', async () => {
    const tenants = await ownerQuery<{ id: string }>(app, 'SELECT id FROM tenant ORDER BY id', []);
    expect(tenants.map((t) => t.id)).toContain(records.team.clinic.id);
    const restoredRuntime = await Database.connect({ url: restoredDb.runtimeUrl, applicationName: 'tandem-test', poolSize: 1, log: silentLogger() });
    try {
      for (const { id } of tenants) {
        const before: ChainReport = await verifyChain(app.db, id);
        const after = await verifyChain(restoredRuntime, id);
        expect(before).toMatchObject({ unsealed: 0, broken: null });
        expect(after).toEqual(before);
      }
      expect((await verifyChain(restoredRuntime, records.team.clinic.id)).sealed).toBeGreaterThan(10);
    } finally {
      await restoredRuntime.close();
    }
  });

  it('serves the case from the restored database to the same signed-in clinician', async () => {
    restored = await startTestGateway({ clock, testDb: restoredDb });
    const token = records.team.therapist.accessToken;
    const original = await gql(app, CASE, { id: records.ids.case }, token);
    const fromBackup = await gql(restored, CASE, { id: records.ids.case }, token);
    expect(original.body.errors).toBeUndefined();
    expect(fromBackup.body).toEqual(original.body);
    expect(fromBackup.body.data?.case?.id).toBe(records.ids.case);
  });
});

const BACKUP_PASSWORD = 'tandem-backup-test-only';

/** A custom-format dump rendered as the SQL script pg_restore would run: two dumps compare as text. */
async function asScript(pgRestore: string, dump: string): Promise<string> {
  const script = `${dump}.sql`;
  const rendered = await runPgTool(pgRestore, [`--file=${script}`, dump]);
  if (rendered.code !== 0) throw new Error(rendered.stderr);
  // Recent clients fence the script with \restrict/\unrestrict and a random key per rendering.
  return (await fs.readFile(script, 'utf8')).replace(/^\\(un)?restrict \S+$/gm, '');
}

async function unsealedEvents(app: TestGateway): Promise<number> {
  const [row] = await ownerQuery<{ n: number }>(app, 'SELECT count(*)::int AS n FROM audit_unsealed', []);
  return row?.n ?? -1;
}

/** Every table's row count, by name (sign-in sessions too). */
async function rowCounts(superuser: Client): Promise<Record<string, number>> {
  const { rows: tables } = await superuser.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
  const counts = tables.map(({ name }) => `SELECT '${name}' AS name, count(*)::int AS n FROM public.${superuser.escapeIdentifier(name)}`);
  const { rows } = await superuser.query<{ name: string; n: number }>(counts.join(' UNION ALL '));
  return Object.fromEntries(rows.map((row) => [row.name, row.n]));
}
