export { databaseFor, redisFor, stopAll } from './infrastructure';
export type { DatabaseUrls, Stopper } from './infrastructure';
