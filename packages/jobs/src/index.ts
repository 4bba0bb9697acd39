export { closeRedis, connectRedis, redisOptions } from './redis-connection';
export type { RedisRole } from './redis-connection';
export { DEFAULT_JOB_OPTIONS, queuePrefix } from './job-processor';
export type { JobPayload, JobProcessor } from './job-processor';
export { writeOutbox } from './outbox';
export type { OutboxEvent } from './outbox';
