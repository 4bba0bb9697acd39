import { InvalidCredentialError, normaliseCredentialNumber, validateCredential } from '@tandem/clinical';
import type { CredentialKind, TrainingModule } from '@tandem/clinical';
import { BadUserInputError, NotFoundError, isUuid, newId } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import { assertCan, readableView, visibleOrNotFound } from '@tandem/authz';
import type { Database, EntityManager } from '@tandem/db';
import { credentialsOf, findCredential, memberExists } from './credential-record';
import type { CredentialView } from './credential-record';

export interface CredentialInput {
  readonly kind: string;
  readonly issuer?: string | null;
  readonly number?: string | null;
  readonly jurisdiction?: string | null;
  readonly issuedOn: string;
  readonly expiresOn?: string | null;
  readonly hours?: number | null;
  readonly modules?: readonly string[] | null;
  readonly otherModules?: string | null;
  readonly documentRef?: string | null;
}

interface CleanInput {
  kind: CredentialKind;
  issuer: string | null;
  number: string | null;
  jurisdiction: string | null;
  issuedOn: string;
  expiresOn: string | null;
  hours: number | null;
  modules: TrainingModule[];
  otherModules: string | null;
  documentRef: string | null;
}

function text(field: string, value: string | null | undefined, max: number): string | null {
  const trimmed = value?.trim() ?? '';
  if (trimmed.length > max) throw new BadUserInputError(field, `At most ${max} characters`);
  return trimmed === '' ? null : trimmed;
}

/** The clinical rules first (naming the field), then the free-text limits; nothing is written before. */
function clean(input: CredentialInput): CleanInput {
  const jurisdiction = input.jurisdiction?.trim() || null;
  try {
    validateCredential({ ...input, jurisdiction });
  } catch (error) {
    if (error instanceof InvalidCredentialError) throw new BadUserInputError(error.field, error.message);
    throw error;
  }
  return {
    kind: input.kind as CredentialKind,
    issuer: text('issuer', input.issuer, 200),
    number: normaliseCredentialNumber(text('number', input.number, 40)),
    jurisdiction,
    issuedOn: input.issuedOn,
    expiresOn: input.expiresOn ?? null,
    hours: input.hours ?? null,
    modules: [...(input.modules ?? [])] as TrainingModule[],
    otherModules: text('otherModules', input.otherModules, 500),
    documentRef: text('documentRef', input.documentRef, 500),
  };
}

function actor(ctx: RequestContext): string {
  return ctx.principal.kind === 'user' ? ctx.principal.membershipId : '';
}

/** A member's own credentials (add, correct) and an admin's verification of someone else's. */
export class CredentialService {
  constructor(private readonly db: Database) {}

  async add(ctx: RequestContext, input: CredentialInput): Promise<CredentialView> {
    const value = clean(input);
    return this.db.withTenant(ctx, async (m) => {
      const holder = actor(ctx);
      assertCan(ctx, 'create', 'Credential', { tenantId: ctx.tenantId, membershipId: holder });
      const id = newId();
      const now = ctx.clock.now();
      await m.query(
        `INSERT INTO credential (tenant_id, id, membership_id, kind, issuer, number, jurisdiction, issued_on, expires_on, hours, modules, other_modules, document_ref, created_at, updated_at)
         VALUES (app.current_tenant(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)`,
        [id, holder, value.kind, value.issuer, value.number, value.jurisdiction, value.issuedOn, value.expiresOn, value.hours, value.modules, value.otherModules, value.documentRef, now],
      );
      return readableView(ctx, 'Credential', await load(m, id));
    });
  }

  /** A correction replaces every field and clears the verification: an admin looks again. */
  async update(ctx: RequestContext, id: string, input: CredentialInput): Promise<CredentialView> {
    const value = clean(input);
    return this.db.withTenant(ctx, async (m) => {
      const credential = await visible(m, ctx, id);
      assertCan(ctx, 'update', 'Credential', credential);
      await m.query(
        `UPDATE credential SET kind = $2, issuer = $3, number = $4, jurisdiction = $5, issued_on = $6, expires_on = $7, hours = $8, modules = $9,
           other_modules = $10, document_ref = $11, verified_by = NULL, verified_at = NULL, updated_at = $12 WHERE id = $1`,
        [id, value.kind, value.issuer, value.number, value.jurisdiction, value.issuedOn, value.expiresOn, value.hours, value.modules, value.otherModules, value.documentRef, ctx.clock.now()],
      );
      return readableView(ctx, 'Credential', await load(m, id));
    });
  }

  /** An admin vouches for someone else's credential; verifying one's own is FORBIDDEN by the policy. */
  async verify(ctx: RequestContext, id: string): Promise<CredentialView> {
    return this.db.withTenant(ctx, async (m) => {
      const credential = await visible(m, ctx, id);
      assertCan(ctx, 'verify', 'Credential', credential);
      if (!credential.verified) {
        const now = ctx.clock.now();
        await m.query(`UPDATE credential SET verified_by = $2, verified_at = $3, updated_at = $3 WHERE id = $1`, [id, actor(ctx), now]);
      }
      return readableView(ctx, 'Credential', await load(m, id));
    });
  }

  async mine(ctx: RequestContext): Promise<CredentialView[]> {
    return this.ofMember(ctx, actor(ctx));
  }

  /** A member's credentials; NOT_FOUND for a membership that is not the clinic's. */
  async ofMember(ctx: RequestContext, membershipId: string): Promise<CredentialView[]> {
    return this.db.withTenant(ctx, async (m) => {
      if (!isUuid(membershipId) || !(await memberExists(m, membershipId))) throw new NotFoundError('Membership');
      const rows = await credentialsOf(m, [membershipId]);
      return rows.map((row) => visibleOrNotFound(ctx, 'Credential', row)).map((row) => readableView(ctx, 'Credential', row));
    });
  }
}

async function visible(m: EntityManager, ctx: RequestContext, id: string): Promise<CredentialView> {
  return visibleOrNotFound(ctx, 'Credential', isUuid(id) ? await findCredential(m, id) : undefined);
}

async function load(m: EntityManager, id: string): Promise<CredentialView> {
  const row = await findCredential(m, id);
  if (!row) throw new NotFoundError('Credential');
  return row;
}
