import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { TenantService } from '@tandem/accounts';
import { verifyChain } from '@tandem/audit';
import { createLogger, failStartup, loadConfig, systemClock } from '@tandem/core';
import type { Logger, TandemConfig } from '@tandem/core';
import { Database, databaseNameOf, migrate, provisionDatabase, runtimeUrlFor } from '@tandem/db';
import { readRuntimeFile } from './runtime-file';

/**
 * `pnpm tandem <command>`: the platform operator's commands.
 *   db provision --admin-url URL --owner-password PW [--database NAME]
 *       creates Tandem's roles and database on a server you run (needs a superuser once) and
 *       prints the DATABASE_URL and DATABASE_RUNTIME_URL to use (runtime password:
 *       DATABASE_RUNTIME_PASSWORD).
 *   db migrate
 *       applies pending migrations to DATABASE_URL (run before rolling out a new version).
 *   tenant create --name NAME --slug SLUG --admin-email EMAIL [--timezone ZONE]
 *       creates a clinic and prints the invitation token for its first admin.
 *   platform-admin grant --email EMAIL
 *       lets an existing user create clinics through the API (createClinic).
 *   audit verify --tenant ID|SLUG
 *       recomputes the clinic's audit hash chain; prints OK with the counts, or the first broken
 *       link, and exits 1 (docs/audit.md).
 */
const USAGE = `usage:
  pnpm tandem db provision --admin-url URL --owner-password PW [--database NAME]
  pnpm tandem db migrate
  pnpm tandem tenant create --name NAME --slug SLUG --admin-email EMAIL [--timezone ZONE]
  pnpm tandem platform-admin grant --email EMAIL
  pnpm tandem audit verify --tenant ID|SLUG`;

type Command = (args: string[], config: TandemConfig, log: Logger) => Promise<void>;

const COMMANDS: Record<string, Command> = {
  'db provision': async (args, config) => {
    const { values } = parseArgs({ args, options: { 'admin-url': { type: 'string' }, database: { type: 'string', default: 'tandem' }, 'owner-password': { type: 'string' } } });
    const adminUrl = values['admin-url'];
    const ownerPassword = values['owner-password'] ?? process.env.DATABASE_OWNER_PASSWORD;
    if (!adminUrl || !ownerPassword) throw new Error(`--admin-url and --owner-password (or DATABASE_OWNER_PASSWORD) are required\n${USAGE}`);
    const urls = await provisionDatabase({ adminUrl, database: values.database, ownerPassword, appPassword: config.database.runtimePassword });
    console.log(`DATABASE_URL=${redact(urls.ownerUrl)}\nDATABASE_RUNTIME_URL=${redact(urls.runtimeUrl)}`);
  },
  'db migrate': async (_args, config, log) => {
    const ownerUrl = requireDatabase(config);
    const applied = await migrate(ownerUrl, log);
    console.log(`${databaseNameOf(ownerUrl)}: ${applied.length} migration(s) applied`);
  },
  'tenant create': async (args, config, log) => {
    const { values } = parseArgs({ args, options: { name: { type: 'string' }, slug: { type: 'string' }, 'admin-email': { type: 'string' }, timezone: { type: 'string' } } });
    if (!values.name || !values.slug || !values['admin-email']) throw new Error(`--name, --slug and --admin-email are required\n${USAGE}`);
    const created = await withDatabase(config, log, (db) =>
      new TenantService(db).create(systemClock, { name: values.name ?? '', slug: values.slug ?? '', adminEmail: values['admin-email'] ?? '', timezone: values.timezone }),
    );
    console.log(`Created clinic ${created.tenant.slug} (${created.tenant.id}).`);
    console.log(`Invitation for ${created.adminInvitation.email}, valid until ${created.adminInvitation.expiresAt.toISOString()}:\n${created.invitationToken}`);
  },
  'platform-admin grant': async (args, config, log) => {
    const { values } = parseArgs({ args, options: { email: { type: 'string' } } });
    if (!values.email) throw new Error(`--email is required\n${USAGE}`);
    const email = values.email.trim().toLowerCase();
    const [, updated] = await withDatabase(config, log, (db) =>
      db.asSystem('tenant-provisioning', (m) => m.query<[unknown, number]>(`UPDATE app_user SET platform_admin = true WHERE email = $1`, [email])),
    );
    if (updated === 0) throw new Error('No user has that e-mail address (they must accept an invitation first)');
    console.log(`${email} is now a platform admin.`);
  },
  'audit verify': async (args, config, log) => {
    const { values } = parseArgs({ args, options: { tenant: { type: 'string' } } });
    if (!values.tenant) throw new Error(`--tenant is required\n${USAGE}`);
    const tenant = values.tenant;
    const report = await withDatabase(config, log, (db) => verifyChain(db, tenant));
    const counts = `${report.sealed} sealed, ${report.unsealed} not yet sealed`;
    if (!report.broken && report.unchained === 0) {
      console.log(`OK: the audit chain of ${report.tenantId} holds (${counts}).`);
      return;
    }
    if (report.broken) console.log(`BROKEN: the audit chain of ${report.tenantId} fails at seq ${report.broken.seq} (event ${report.broken.eventId}): ${report.broken.problem}. (${counts})`);
    if (report.unchained > 0) console.log(`BROKEN: ${report.unchained} audit events of ${report.tenantId} are neither sealed nor waiting for the sealer (taken off its queue). (${counts})`);
    process.exitCode = 1;
  },
};

async function withDatabase<T>(config: TandemConfig, log: Logger, work: (db: Database) => Promise<T>): Promise<T> {
  const running = config.database.ownerUrl ? null : await readRuntimeFile(config.dataDir);
  const url = running?.runtimeUrl ?? runtimeUrlFor({ ...config.database, ownerUrl: requireDatabase(config) });
  const db = await Database.connect({ url, applicationName: 'tandem-cli', poolSize: 1, log });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

function requireDatabase(config: TandemConfig): string {
  if (!config.database.ownerUrl) throw new Error('DATABASE_URL is required, or a running `pnpm start` (its embedded PostgreSQL is found through DATA_DIR/runtime.json)');
  return config.database.ownerUrl;
}

/** Passwords are never printed; the operator already knows them. */
function redact(url: string): string {
  const copy = new URL(url);
  if (copy.password) copy.password = '********';
  return copy.toString();
}

async function main(argv: string[]): Promise<void> {
  const command = COMMANDS[argv.slice(0, 2).join(' ')];
  if (!command) throw new Error(USAGE);
  const config = loadConfig();
  await command(argv.slice(2), config, createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel, service: 'tandem-cli' }));
}

main(process.argv.slice(2)).catch(failStartup);
