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
