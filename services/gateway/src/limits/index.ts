export { CostRateLimiter } from './cost-rate-limiter';
export { limitsPlugin } from './limits.plugin';
export { operationLimitsRule } from './operation-limits';
export { QueryTooComplexError } from './query-too-complex';
