import { BadUserInputError, ConflictError, NotFoundError, isUuid, newId } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import { assertCan, canSee, readableView, visibleOrNotFound } from '@tandem/authz';
import { findCase, holdOnRevokedConsent, recordCaseEvent } from '@tandem/cases';
import type { Database, EntityManager } from '@tandem/db';
import { actingMember, onCase, visibleCase } from '../shared';
import { CONSENT_AUDIT_FIELDS, audited } from '../audit-reads';

export const CONSENT_METHODS = ['IN_PERSON', 'ELECTRONIC', 'TELEHEALTH_VERBAL'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export interface ConsentDocumentView {
  readonly id: string;
  readonly tenantId: string;
  readonly title: string;
  readonly version: number;
  readonly body: string;
  readonly createdAt: Date;
}

export interface ConsentView {
  readonly id: string;
  readonly tenantId: string;
  readonly caseId: string;
  readonly documentId: string;
  readonly documentTitle: string;
  readonly documentVersion: number;
  readonly signerName: string;
  readonly witnessName: string | null;
  readonly method: ConsentMethod;
  readonly signedAt: Date;
  readonly revokedAt: Date | null;
  readonly revocationReason: string | null;
  readonly careTeamMembershipIds: string[];
}

const SELECT_CONSENT = `SELECT pc.id, pc.tenant_id AS "tenantId", pc.case_id AS "caseId", pc.document_id AS "documentId", d.title AS "documentTitle",
  d.version AS "documentVersion", pc.signer_name AS "signerName", pc.witness_name AS "witnessName", pc.method, pc.signed_at AS "signedAt",
  pc.revoked_at AS "revokedAt", pc.revocation_reason AS "revocationReason"
  FROM patient_consent pc JOIN consent_document d ON d.tenant_id = pc.tenant_id AND d.id = pc.document_id`;

/** Versioned consent documents, and patients' signed consents, revocable but never deleted. */
export class ConsentService {
  constructor(private readonly db: Database) {}

  /** A new version of a document (the first when the title is new); old versions stay as signed. */
  async publishDocument(ctx: RequestContext, title: string, body: string): Promise<ConsentDocumentView> {
    const cleanTitle = title.trim();
    if (cleanTitle.length < 1 || cleanTitle.length > 200) throw new BadUserInputError('title', 'A title of 1 to 200 characters is required');
    if (body.trim().length < 1 || body.length > 100_000) throw new BadUserInputError('body', 'The document body is required (at most 100,000 characters)');
    return this.db.withTenant(ctx, async (m) => {
      assertCan(ctx, 'create', 'ConsentDocument', { tenantId: ctx.tenantId });
      const [latest] = await m.query<{ version: number }[]>(`SELECT max(version) AS version FROM consent_document WHERE title = $1`, [cleanTitle]);
      const view = { id: newId(), tenantId: ctx.tenantId ?? '', title: cleanTitle, version: (latest?.version ?? 0) + 1, body, createdAt: ctx.clock.now() };
      await m.query(`INSERT INTO consent_document (tenant_id, id, title, version, body, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        view.tenantId, view.id, view.title, view.version, view.body, actingMember(ctx), view.createdAt,
      ]);
      return view;
    });
  }

  async documents(ctx: RequestContext): Promise<ConsentDocumentView[]> {
    const rows = await this.db.withTenant(ctx, (m) =>
      m.query<ConsentDocumentView[]>(`SELECT id, tenant_id AS "tenantId", title, version, body, created_at AS "createdAt" FROM consent_document ORDER BY title, version`),
    );
    return rows.filter((row) => canSee(ctx, 'ConsentDocument', row));
  }

  /** A case's consents, newest first, as the actor may read them. */
  async forCase(ctx: RequestContext, caseId: string): Promise<ConsentView[]> {
    return this.db.withTenant(ctx, async (m) => {
      const record = await visibleCase(m, ctx, caseId);
      const rows = await m.query<Omit<ConsentView, 'careTeamMembershipIds'>[]>(`${SELECT_CONSENT} WHERE pc.case_id = $1 ORDER BY pc.signed_at DESC, pc.id DESC LIMIT 100`, [caseId]);
      const views = rows.map((row) => ({ ...row, careTeamMembershipIds: record.careTeamMembershipIds })).filter((row) => canSee(ctx, 'Consent', row)).map((row) => readableView(ctx, 'Consent', row));
      return audited(m, ctx, 'Consent', CONSENT_AUDIT_FIELDS, views);
    });
  }

  async sign(ctx: RequestContext, caseId: string, input: { documentId: string; signerName: string; witnessName?: string | null; method: ConsentMethod }): Promise<ConsentView> {
    const signerName = input.signerName.trim();
    if (signerName.length < 1 || signerName.length > 200) throw new BadUserInputError('signerName', "The signer's name is required");
    const witnessName = input.witnessName?.trim() || null;
    if (!CONSENT_METHODS.includes(input.method)) throw new BadUserInputError('method', 'Unknown consent method');
    return this.db.withTenant(ctx, async (m) => {
      const record = await visibleCase(m, ctx, caseId);
      assertCan(ctx, 'create', 'Consent', onCase(record));
      if (record.status === 'CLOSED' || record.status === 'WITHDRAWN') throw new ConflictError('The case is closed');
      const [document] = isUuid(input.documentId) ? await m.query<unknown[]>(`SELECT 1 FROM consent_document WHERE id = $1`, [input.documentId]) : [];
      if (!document) throw new NotFoundError('ConsentDocument');
      const id = newId();
      await m.query(
        `INSERT INTO patient_consent (tenant_id, id, case_id, document_id, signer_name, witness_name, method, signed_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [record.tenantId, id, caseId, input.documentId, signerName, witnessName, input.method, ctx.clock.now(), actingMember(ctx)],
      );
      await recordCaseEvent(m, ctx, caseId, 'CONSENT_SIGNED', { consentId: id, documentId: input.documentId });
      return readableView(ctx, 'Consent', await this.load(m, id, record.careTeamMembershipIds));
    });
  }

  /** Revoking puts an active case on hold at once and blocks dosing until a new consent. */
  async revoke(ctx: RequestContext, consentId: string, reason: string): Promise<ConsentView> {
    const why = reason.trim();
    if (why.length < 1 || why.length > 2000) throw new BadUserInputError('reason', 'A reason is required');
    return this.db.withTenant(ctx, async (m) => {
      const [row] = isUuid(consentId) ? await m.query<{ case_id: string; revoked_at: Date | null }[]>(`SELECT case_id, revoked_at FROM patient_consent WHERE id = $1 FOR UPDATE`, [consentId]) : [];
      const record = row ? await findCase(m, row.case_id, true) : undefined;
      const consent = visibleOrNotFound(ctx, 'Consent', row && record ? { ...onCase(record), id: consentId } : undefined);
      assertCan(ctx, 'revoke', 'Consent', consent);
      if (row?.revoked_at) throw new ConflictError('The consent is already revoked');
      await m.query(`UPDATE patient_consent SET revoked_at = $2, revoked_by = $3, revocation_reason = $4 WHERE id = $1`, [consentId, ctx.clock.now(), actingMember(ctx), why]);
      await recordCaseEvent(m, ctx, consent.caseId, 'CONSENT_REVOKED', { consentId });
      await holdOnRevokedConsent(m, ctx, consent.caseId);
      return readableView(ctx, 'Consent', await this.load(m, consentId, consent.careTeamMembershipIds));
    });
  }

  private async load(m: EntityManager, id: string, team: string[]): Promise<ConsentView> {
    const [row] = await m.query<Omit<ConsentView, 'careTeamMembershipIds'>[]>(`${SELECT_CONSENT} WHERE pc.id = $1`, [id]);
    if (!row) throw new NotFoundError('Consent');
    return { ...row, careTeamMembershipIds: team };
  }
}
