/** A copy of a PostgreSQL URL with another user, password or database. */
export function withCredentials(url: string, change: { user?: string; password?: string; database?: string }): string {
  const next = new URL(url);
  if (change.user !== undefined) next.username = encodeURIComponent(change.user);
  if (change.password !== undefined) next.password = encodeURIComponent(change.password);
  if (change.database !== undefined) next.pathname = `/${encodeURIComponent(change.database)}`;
  return next.toString();
}

export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

/**
 * The runtime role's URL: DATABASE_RUNTIME_URL when given, else the owner URL with the
 * tandem_app login (provisioned by `pnpm tandem db provision` or the embedded start-up).
 */
/**
 * Where a serving process (gateway, worker) connects: DATABASE_RUNTIME_URL, or the runtime role
 * on the owner's server when only DATABASE_URL is given; undefined when neither is.
 */
export function servingUrlOf(database: { ownerUrl?: string | undefined; runtimeUrl?: string | undefined; runtimePassword: string }): string | undefined {
  if (database.runtimeUrl) return database.runtimeUrl;
  return database.ownerUrl ? runtimeUrlFor({ ...database, ownerUrl: database.ownerUrl }) : undefined;
}

export function runtimeUrlFor(database: { ownerUrl: string; runtimeUrl?: string | undefined; runtimePassword: string }): string {
  return database.runtimeUrl ?? withCredentials(database.ownerUrl, { user: 'tandem_app', password: database.runtimePassword });
}
