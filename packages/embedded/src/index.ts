export { startEmbeddedPostgres } from './postgres';
export type { EmbeddedPostgres, EmbeddedPostgresOptions } from './postgres';
export { startPrivateRedis, findRedisServer, RedisNotInstalledError } from './redis';
export type { PrivateRedis } from './redis';
export { freePort } from './ports';
