import { BadUserInputError, ConflictError, newId } from '@tandem/core';
import type { Clock, RequestContext } from '@tandem/core';
import { assertCan, assertFieldsPermitted, readableView, visibleOrNotFound } from '@tandem/authz';
import type { Database } from '@tandem/db';
import { normaliseEmail } from '../identity/email';
import { createInvitation } from '../invitations/invitation.service';
import type { InvitationView } from '../invitations/invitation.service';
import { DEFAULT_TENANT_SETTINGS, applySettingsChange, effectiveSettings } from './tenant-settings';
import type { TenantSettings } from './tenant-settings';

export interface TenantView {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly settings: TenantSettings | null;
  readonly createdAt: Date;
}

export interface NewClinic {
  readonly name: string;
  readonly slug: string;
  readonly adminEmail: string;
  readonly timezone?: string | null;
}

export interface ClinicChange {
  readonly name?: string | null;
  readonly settings?: unknown;
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Clinics: created by a platform operator with an invitation for their first admin. */
export class TenantService {
  constructor(private readonly db: Database) {}

  /** Platform work across tenants; the caller (CLI or a platform-admin resolver) has authorised it. */
  async create(clock: Clock, input: NewClinic): Promise<{ tenant: TenantView; adminInvitation: InvitationView; invitationToken: string }> {
    const name = validName(input.name);
    const slug = validSlug(input.slug);
    const adminEmail = normaliseEmail(input.adminEmail, 'adminEmail');
    const settings = input.timezone ? applySettingsChange(DEFAULT_TENANT_SETTINGS, { timezone: input.timezone }) : DEFAULT_TENANT_SETTINGS;
    const id = newId();
    return this.db.asSystem('tenant-provisioning', async (m) => {
      const [taken] = await m.query<unknown[]>(`SELECT 1 FROM tenant WHERE slug = $1`, [slug]);
      if (taken) throw new ConflictError('That slug is taken', { field: 'slug' });
      await m.query(`INSERT INTO tenant (id, slug, name, settings) VALUES ($1, $2, $3, $4)`, [id, slug, name, { timezone: settings.timezone }]);
      const { invitation, token } = await createInvitation(m, { clock, tenantId: id }, { email: adminEmail, roles: ['ADMIN'], outsideCollaborator: false, inviterMembershipId: null });
      return { tenant: { id, slug, name, settings, createdAt: clock.now() }, adminInvitation: invitation, invitationToken: token };
    });
  }

  async own(ctx: RequestContext): Promise<TenantView> {
    const row = await this.db.withTenant(ctx, (m) => load(m, ctx.tenantId ?? ''));
    return readableView(ctx, 'Tenant', visibleOrNotFound(ctx, 'Tenant', row));
  }

  async update(ctx: RequestContext, change: ClinicChange): Promise<TenantView> {
    return this.db.withTenant(ctx, async (m) => {
      const current = visibleOrNotFound(ctx, 'Tenant', await load(m, ctx.tenantId ?? ''));
      assertCan(ctx, 'update', 'Tenant', current);
      const touched = Object.entries(change).filter(([, value]) => value !== undefined && value !== null).map(([field]) => field);
      assertFieldsPermitted(ctx, 'update', 'Tenant', current, touched);
      const name = change.name == null ? current.name : validName(change.name);
      const settings = change.settings == null ? (current.settings ?? DEFAULT_TENANT_SETTINGS) : applySettingsChange(current.settings ?? DEFAULT_TENANT_SETTINGS, change.settings);
      await m.query(`UPDATE tenant SET name = $2, settings = $3, updated_at = now() WHERE id = $1`, [current.id, name, settings]);
      return readableView(ctx, 'Tenant', { ...current, name, settings });
    });
  }
}

async function load(m: { query<T>(sql: string, params: unknown[]): Promise<T> }, id: string): Promise<TenantView | undefined> {
  const [row] = await m.query<{ id: string; slug: string; name: string; settings: unknown; created_at: Date }[]>(`SELECT id, slug, name, settings, created_at FROM tenant WHERE id = $1`, [id]);
  return row && { id: row.id, slug: row.slug, name: row.name, settings: effectiveSettings(row.settings), createdAt: row.created_at };
}

function validName(raw: string): string {
  const name = raw.trim();
  if (name.length < 1 || name.length > 200) throw new BadUserInputError('name', 'A clinic name of 1 to 200 characters is required');
  return name;
}

function validSlug(raw: string): string {
  const slug = raw.trim();
  if (slug.length < 3 || slug.length > 63 || !SLUG.test(slug)) throw new BadUserInputError('slug', 'A slug is 3 to 63 lower-case letters, digits and single hyphens');
  return slug;
}
