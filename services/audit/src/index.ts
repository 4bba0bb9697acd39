import type { Database } from '@tandem/db';
import { AuditResolver } from './review/audit.resolver';

export { recordReads, appendEvents, eventsInsert } from './record-reads';
export { fieldsRead } from './fields-read';
export type { AppendingContext, AuditEntry, AuditRead } from './record-reads';
export { recordDenials } from './denials';
export { AUDIT_SEAL, auditSealProcessor, sealAll, sealTenant } from './sealer';
export { unsealedBacklog } from './unsealed-backlog';
export { verifyChain } from './verify';
export { chainHash, eventContentSql } from './chain';
export type { BrokenLink, ChainReport } from './verify';
export { EXPORT_MAX_DAYS, EXPORT_MAX_ROWS } from './review/audit-log';

/** The audit review's resolver classes, for the gateway's RESOLVERS list. */
export const AUDIT_RESOLVERS = [AuditResolver] as const;

/** The audit review wired with its database. */
export function createAudit(db: Database): { resolvers: object[] } {
  return { resolvers: [new AuditResolver(db)] };
}
