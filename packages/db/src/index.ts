import 'reflect-metadata';

export { Database, UnsafeRuntimeRoleError } from './database';
export type { SystemReason, TenantScope } from './database';
export { RequestTransaction, RequestTransactionFailedError, gatheredAtCommit, isSharedRead, readOnce } from './request-transaction';
export { CommitGroup } from './group-commit';
export type { Statement } from './request-transaction';
export { createDataSource } from './data-source';
export type { DataSourceOptions } from './data-source';
export { migrate, DatabaseNotProvisionedError } from './migrate';
export { provisionDatabase, dropDatabase } from './provision';
export type { ProvisionOptions, ProvisionedUrls } from './provision';
export { ROLES } from './roles';
export { schemaMigrations, enableTenantRls, grantRuntime } from './migrations';
export { findTenancyViolations, GLOBAL_TABLES } from './schema-check';
export type { RunQuery } from './schema-check';
export { withCredentials, databaseNameOf, runtimeUrlFor, servingUrlOf } from './urls';
export type { EntityManager } from 'typeorm';
export { copyRows } from './copy-rows';
export { PREPARED_STATEMENT_LIMIT, preparingClient } from './prepared-statements';
export { pipeliningClient } from './pipelining-client';
export { encodeArrayParameters } from './array-parameters';
export { keyFilter } from './key-filter';
export { ListFilters } from './list-filters';
export { fieldColumns } from './field-columns';
export {
  DISTRIBUTION_SCRIPT_PATH,
  GLOBAL_PLACEMENTS,
  KNOWN_CITUS_BLOCKERS,
  blockersIn,
  findCitusViolations,
  generateDistributionScript,
  planDistribution,
  readCatalogue,
  renderDistributionScript,
} from './citus';
export type { Catalogue, DistributionPlan, Placement } from './citus';
export { readBacklog } from './backlog';
export { withClient } from './with-client';
export type { Backlog } from './backlog';
