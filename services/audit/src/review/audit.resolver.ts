import { Authorize } from '@tandem/authz';
import type { ResolverContext } from '@tandem/authz';
import type { Database } from '@tandem/db';
import { PageInput, toConnection } from '@tandem/graphql';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { AuditEventConnection, AuditFilterInput } from './audit-event.type';
import { exportAuditEvents, listAuditEvents } from './audit-log';
import { toCsv } from './csv';

/** The clinic admins' review of the audit trail (docs/audit.md). */
@Resolver()
export class AuditResolver {
  constructor(private readonly db: Database) {}

  @Query(() => AuditEventConnection, { description: 'The clinic audit log, newest first (clinic admins).' })
  @Authorize('read', 'AuditEvent')
  async auditEvents(
    @Ctx() { ctx }: ResolverContext,
    @Arg('page', () => PageInput) page: PageInput,
    @Arg('filter', () => AuditFilterInput, { nullable: true }) filter?: AuditFilterInput | null,
  ) {
    return toConnection(await listAuditEvents(this.db, ctx, 'auditEvents', filter ?? {}, page));
  }

  @Query(() => AuditEventConnection, {
    description: "Who accessed this patient's record: every read, write and refused attempt on the patient, their cases and everything in them, newest first (clinic admins).",
  })
  @Authorize('read', 'AuditEvent')
  async patientAccessReport(
    @Ctx() { ctx }: ResolverContext,
    @Arg('patientId', () => ID) patientId: string,
    @Arg('page', () => PageInput) page: PageInput,
    @Arg('from', () => DateTimeISOResolver, { nullable: true }) from?: Date | null,
    @Arg('to', () => DateTimeISOResolver, { nullable: true }) to?: Date | null,
  ) {
    return toConnection(await listAuditEvents(this.db, ctx, 'patientAccessReport', { patientId, from, to }, page));
  }

  @Query(() => String, { description: 'The audit events of [from, to) as CSV (RFC 4180), oldest first: at most 31 days and 100,000 events (clinic admins).' })
  @Authorize('read', 'AuditEvent')
  async auditExport(@Ctx() { ctx }: ResolverContext, @Arg('from', () => DateTimeISOResolver) from: Date, @Arg('to', () => DateTimeISOResolver) to: Date) {
    return toCsv(await exportAuditEvents(this.db, ctx, from, to));
  }
}
