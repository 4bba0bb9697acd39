export { startEmbeddedPostgres, EMBEDDED_SUPERUSER, EMBEDDED_SUPERUSER_PASSWORD } from './postgres';
export type { EmbeddedPostgres, EmbeddedPostgresOptions } from './postgres';
export { startPrivateRedis, findRedisServer, RedisNotInstalledError } from './redis';
export type { PrivateRedis } from './redis';
export { freePort } from './ports';
export { startPgBouncer, PgBouncerNotInstalledError } from './pgbouncer';
export type { PgBouncer, PgBouncerLogin, PgBouncerOptions } from './pgbouncer';
