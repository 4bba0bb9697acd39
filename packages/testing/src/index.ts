export { createTestDatabase } from './test-database';
export type { TestDatabase } from './test-database';
export { createTestRedis } from './test-redis';
export type { TestRedis } from './test-redis';
export { createTenant, clinician, contextFor } from './factories';
export type { TestTenant } from './factories';
export { graphql } from './graphql-client';
export type { GraphQLRequest, GraphQLResponse } from './graphql-client';
export { TEST_ENV, TEST_PASSWORDS, testEnv } from './env';
