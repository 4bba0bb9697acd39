import type { ColumnMap } from '@tandem/authz';
import { effectiveSettings } from '@tandem/accounts';
import type { CredentialFacts, CredentialKind, TrainingModule } from '@tandem/clinical';
import type { EntityManager } from '@tandem/db';

export interface CredentialView extends CredentialFacts {
  readonly id: string;
  readonly tenantId: string;
  readonly membershipId: string;
  readonly kind: CredentialKind;
  readonly issuer: string | null;
  readonly number: string | null;
  readonly modules: TrainingModule[];
  readonly otherModules: string | null;
  readonly documentRef: string | null;
  readonly verifiedBy: string | null;
  readonly verifiedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export const CREDENTIAL_COLUMNS: ColumnMap = {
  id: { column: 'c.id', type: 'uuid' },
  tenantId: { column: 'c.tenant_id', type: 'uuid' },
  membershipId: { column: 'c.membership_id', type: 'uuid' },
};

// Dates come back as YYYY-MM-DD text (a date has no time zone to get wrong) and hours as a number.
const CREDENTIAL_FIELDS = `c.id, c.tenant_id AS "tenantId", c.membership_id AS "membershipId", c.kind, c.issuer, c.number, c.jurisdiction,
  to_char(c.issued_on, 'YYYY-MM-DD') AS "issuedOn", to_char(c.expires_on, 'YYYY-MM-DD') AS "expiresOn", c.hours::float8 AS hours, c.modules,
  c.other_modules AS "otherModules", c.document_ref AS "documentRef", c.verified_by AS "verifiedBy", c.verified_at AS "verifiedAt",
  (c.verified_by IS NOT NULL) AS verified, c.created_at AS "createdAt", c.updated_at AS "updatedAt"`;

export async function findCredential(m: EntityManager, id: string): Promise<CredentialView | undefined> {
  const [row] = await m.query<CredentialView[]>(`SELECT ${CREDENTIAL_FIELDS} FROM credential c WHERE c.id = $1 FOR UPDATE OF c`, [id]);
  return row;
}

/** Every credential of the members given (RLS keeps it to the clinic), oldest first. */
export async function credentialsOf(m: EntityManager, membershipIds: readonly string[]): Promise<CredentialView[]> {
  return m.query<CredentialView[]>(`SELECT ${CREDENTIAL_FIELDS} FROM credential c WHERE c.membership_id = ANY($1::uuid[]) ORDER BY c.id`, [membershipIds]);
}

/** Whether the membership is one of the current clinic's (RLS hides every other clinic's). */
export async function memberExists(m: EntityManager, membershipId: string): Promise<boolean> {
  const rows = await m.query<unknown[]>(`SELECT 1 FROM membership WHERE id = $1`, [membershipId]);
  return rows.length > 0;
}

/**
 * Today in the clinic's time zone, YYYY-MM-DD: a licence valid "through June 30" is valid all of
 * June 30 where the clinic is, whatever the server's zone.
 */
export async function clinicToday(m: EntityManager, now: Date): Promise<string> {
  return dayIn(await clinicTimeZone(m), now);
}

/** The current clinic's time zone (`settings.timezone`). */
export async function clinicTimeZone(m: EntityManager): Promise<string> {
  const [tenant] = await m.query<{ settings: unknown }[]>(`SELECT settings FROM tenant WHERE id = app.current_tenant()`);
  return effectiveSettings(tenant?.settings ?? {}).timezone;
}

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function dayIn(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
