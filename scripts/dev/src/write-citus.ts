import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { silentLogger } from '@tandem/core';
import { DISTRIBUTION_SCRIPT_PATH, createDataSource, dropDatabase, generateDistributionScript, migrate, provisionDatabase } from '@tandem/db';
import type { RunQuery } from '@tandem/db';
import { startEmbeddedPostgres } from '@tandem/embedded';

/**
 * `pnpm citus:write [--admin-url URL] [--out FILE]`: regenerate infra/citus/distribute.sql (or
 * FILE). Migrates a scratch database (on the PostgreSQL whose superuser URL is given, else on a
 * throwaway embedded one), reads its catalogue, writes the script and drops the database again.
 */
const SCRATCH_PASSWORDS = { ownerPassword: 'tandem-citus-scratch', appPassword: 'tandem-citus-scratch' };

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'admin-url': { type: 'string' }, out: { type: 'string' } } });
  const target = path.resolve(values.out ?? path.join(__dirname, '../../..', DISTRIBUTION_SCRIPT_PATH));
  const scratchDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tandem-citus-'));
  await fs.chmod(scratchDir, 0o755);
  const postgres = values['admin-url'] ? undefined : await startEmbeddedPostgres({ dataDir: path.join(scratchDir, 'postgres') });
  try {
    const adminUrl = values['admin-url'] ?? postgres?.adminUrl ?? '';
    writeFileSync(target, await scriptFromScratchDatabase(adminUrl));
    console.error(`wrote ${target}`);
  } finally {
    await postgres?.stop();
    await fs.rm(scratchDir, { recursive: true, force: true });
  }
}

async function scriptFromScratchDatabase(adminUrl: string): Promise<string> {
  const database = `tandem_citus_${randomBytes(4).toString('hex')}`;
  const urls = await provisionDatabase({ adminUrl, database, ...SCRATCH_PASSWORDS });
  try {
    await migrate(urls.ownerUrl, silentLogger());
    const owner = createDataSource({ url: urls.ownerUrl, applicationName: 'tandem-citus-write', poolSize: 1 });
    await owner.initialize();
    try {
      const run: RunQuery = <Row>(sql: string) => owner.query<Row[]>(sql);
      return await generateDistributionScript(run);
    } finally {
      await owner.destroy();
    }
  } finally {
    await dropDatabase(adminUrl, database);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
