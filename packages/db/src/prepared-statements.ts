import { Client } from 'pg';
import type { QueryConfig } from 'pg';

/**
 * The most distinct statement texts given names. Each name is a prepared statement (and, once
 * PostgreSQL settles on a generic plan, a cached plan) in every pooled connection that ran it, so
 * the count bounds the server memory they hold; texts beyond it are sent unnamed, as before.
 */
export const PREPARED_STATEMENT_LIMIT = 300;

/**
 * A pg Client class whose parameterised statements go as named prepared statements, so each
 * connection parses a statement once and PostgreSQL may keep its plan (after five custom plans it
 * keeps a generic one when that is no costlier) instead of planning it on every request: planning
 * was most of the case dashboard's time in PostgreSQL (docs/performance.md). Statements without
 * parameters — BEGIN with the request settings, COMMIT, several statements in one message — go
 * as simple queries, unchanged. One class per pool: the names are the same on every connection,
 * and pg prepares a name on a connection the first time that connection sends it.
 *
 * Named statements are session state: behind PgBouncer in transaction mode they need 1.21+ with
 * max_prepared_statements; with an older one, DATABASE_PREPARED_STATEMENTS=false leaves this out.
 */
export function preparingClient(limit = PREPARED_STATEMENT_LIMIT): typeof Client {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    const known = names.get(text);
    if (known || names.size >= limit) return known;
    const name = `tandem_${names.size + 1}`;
    names.set(text, name);
    return name;
  };
  class PreparingClient extends Client {
    // pg's overloads are many; TypeORM calls query(text, values). Everything else passes through.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override query(config: any, values?: any, callback?: any): any {
      const name = typeof config === 'string' && Array.isArray(values) && values.length > 0 ? nameOf(config) : undefined;
      // eslint-disable-next-line @typescript-eslint/no-unsafe-argument
      if (!name) return super.query(config, values, callback);
      // The one place statements are named (tandem/no-session-state), only when DATABASE_PREPARED_STATEMENTS is on.
      const named: QueryConfig = { name, text: config as string, values: values as unknown[] };
      return super.query(named, callback);
    }
  }
  return PreparingClient;
}
