import { Client } from 'pg';
import type { TestGateway } from './test-gateway';

/** A connection as the test database's superuser, which may read every table (the audit trail too). */
export async function superuserOf(app: TestGateway): Promise<Client> {
  const client = new Client({ connectionString: app.testDb.superuserUrl });
  await client.connect();
  return client;
}

/**
 * A digest of every row of every table, but sign-in sessions: authenticating a request touches
 * its session's last-seen time, which is not the request writing. Equal digests before and after
 * a request mean it wrote nothing. With `refusalsAudited`, the audit trail's DENIED events and its
 * reads of the audit log itself (and their places on the sealer's queue) are left out of it: a
 * refused attempt and a review of the trail are recorded by design (docs/audit.md), and nothing
 * else may be.
 */
export async function everyRow(superuser: Client, options: { refusalsAudited?: boolean } = {}): Promise<Record<string, string>> {
  const { rows: tables } = await superuser.query<{ name: string }>(
    `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND tablename <> 'auth_session' ORDER BY 1`,
  );
  const recordedRefusal = `outcome = 'DENIED' OR subject_type = 'AuditLog'`;
  const rowsOf = (name: string) => {
    if (!options.refusalsAudited) return name;
    if (name === 'public.audit_event') return `(SELECT * FROM ${name} WHERE NOT (${recordedRefusal}))`;
    // Each of those events waits for the sealer in the queue (migration 1766900000000).
    if (name === 'public.audit_unsealed') {
      return `(SELECT u.* FROM ${name} u WHERE NOT EXISTS (SELECT 1 FROM audit_event e WHERE e.tenant_id = u.tenant_id AND e.id = u.event_id AND (${recordedRefusal})))`;
    }
    return name;
  };
  const digests = tables.map(({ name }) => `SELECT '${name}' AS name, count(*)::text || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') AS digest FROM ${rowsOf(name)} t`);
  const { rows } = await superuser.query<{ name: string; digest: string }>(digests.join(' UNION ALL '));
  return Object.fromEntries(rows.map((row) => [row.name, row.digest]));
}

/** Every row of every table as text, for searching what is stored at rest. */
export async function everyRowText(superuser: Client): Promise<string> {
  const { rows: tables } = await superuser.query<{ name: string }>(`SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`);
  const texts = tables.map(({ name }) => `SELECT coalesce(string_agg(t::text, E'\\n'), '') AS text FROM ${name} t`);
  const { rows } = await superuser.query<{ text: string }>(texts.join(' UNION ALL '));
  return rows.map((row) => row.text).join('\n');
}
