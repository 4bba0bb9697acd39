/**
 * The database roles. Names are fixed so that migrations can grant to them.
 *
 * - tandem_owner   owns the database and every table; runs migrations. Never serves requests.
 * - tandem_runtime a NOLOGIN group holding exactly the table privileges requests need.
 * - tandem_system  a NOLOGIN group with BYPASSRLS, entered only by Database.asSystem() with
 *                  SET LOCAL ROLE for named cross-tenant work (sign-in, tenant creation, relay).
 * - tandem_app     the runtime login: member of tandem_runtime (and of tandem_system so that it
 *                  can SET ROLE to it), owns nothing, has no BYPASSRLS itself; subject to RLS.
 */
export const ROLES = {
  owner: 'tandem_owner',
  runtime: 'tandem_runtime',
  system: 'tandem_system',
  app: 'tandem_app',
} as const;
