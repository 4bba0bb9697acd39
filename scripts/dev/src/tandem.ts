import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { createLogger, failStartup, loadConfig } from '@tandem/core';
import { databaseNameOf, migrate, provisionDatabase } from '@tandem/db';

/**
 * `pnpm tandem <command>`: operator commands.
 *   db provision --admin-url URL [--database NAME] [--owner-password PW]
 *       creates Tandem's roles and database on a server you run (needs a superuser once);
 *       prints the DATABASE_URL and DATABASE_RUNTIME_URL to use. The runtime password is
 *       DATABASE_RUNTIME_PASSWORD.
 *   db migrate
 *       applies pending migrations to DATABASE_URL (run before rolling out a new version).
 */
const USAGE = 'usage: pnpm tandem db provision --admin-url URL [--database NAME] [--owner-password PW] | pnpm tandem db migrate';

async function main(argv: string[]): Promise<void> {
  const [group, command, ...rest] = argv;
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel, service: 'tandem-cli' });
  if (group === 'db' && command === 'provision') {
    const { values } = parseArgs({
      args: rest,
      options: { 'admin-url': { type: 'string' }, database: { type: 'string', default: 'tandem' }, 'owner-password': { type: 'string' } },
    });
    const adminUrl = values['admin-url'];
    const ownerPassword = values['owner-password'] ?? process.env.DATABASE_OWNER_PASSWORD;
    if (!adminUrl || !ownerPassword) throw new Error(`--admin-url and --owner-password (or DATABASE_OWNER_PASSWORD) are required\n${USAGE}`);
    const urls = await provisionDatabase({ adminUrl, database: values.database, ownerPassword, appPassword: config.database.runtimePassword });
    console.log(`DATABASE_URL=${redact(urls.ownerUrl)}\nDATABASE_RUNTIME_URL=${redact(urls.runtimeUrl)}`);
    return;
  }
  if (group === 'db' && command === 'migrate') {
    const ownerUrl = config.database.ownerUrl;
    if (!ownerUrl) throw new Error('DATABASE_URL is required for `db migrate`');
    const applied = await migrate(ownerUrl, log);
    console.log(`${databaseNameOf(ownerUrl)}: ${applied.length} migration(s) applied`);
    return;
  }
  throw new Error(USAGE);
}

/** Passwords are never printed; the operator already knows them. */
function redact(url: string): string {
  const copy = new URL(url);
  if (copy.password) copy.password = '********';
  return copy.toString();
}

main(process.argv.slice(2)).catch(failStartup);
