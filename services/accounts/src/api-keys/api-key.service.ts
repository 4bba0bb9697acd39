import { BadUserInputError, ConflictError, isUuid, newId } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import { API_SCOPES, assertCan, readableView, visibleOrNotFound } from '@tandem/authz';
import type { EntityManager } from '@tandem/db';
import type { AccountsDeps } from '../shared/deps';
import { afterId, toPage } from '@tandem/graphql';
import type { Page, PageRequest } from '@tandem/graphql';
import { displayPrefix, mintOpaqueToken } from '../tokens/opaque-token';

export interface ApiKeyInput {
  readonly label: string;
  readonly scopes: readonly string[];
  readonly expiresAt?: Date | null;
}

export interface ApiKeyView {
  readonly id: string;
  readonly tenantId: string;
  readonly label: string;
  readonly scopes: string[];
  readonly prefix: string;
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
  readonly lastUsedAt: Date | null;
  readonly createdAt: Date;
}

type Row = Omit<ApiKeyView, 'prefix'>;

const COLUMNS = `id, tenant_id AS "tenantId", label, scopes, expires_at AS "expiresAt", revoked_at AS "revokedAt",
  last_used_at AS "lastUsedAt", created_at AS "createdAt"`;

/** Partner keys: the secret is shown once; the table keeps its hash and a display prefix. */
export class ApiKeyService {
  constructor(private readonly deps: AccountsDeps) {}

  async create(ctx: RequestContext, creatorMembershipId: string, input: ApiKeyInput): Promise<{ apiKey: ApiKeyView; secret: string }> {
    const valid = validate(input, ctx.clock.now());
    return this.deps.db.withTenant(ctx, async (m) => {
      assertCan(ctx, 'create', 'ApiKey', { tenantId: ctx.tenantId });
      return insertKey(m, ctx, creatorMembershipId, valid, null);
    });
  }

  async list(ctx: RequestContext, page: PageRequest): Promise<Page<ApiKeyView>> {
    const after = afterId(page);
    const rows = await this.deps.db.withTenant(ctx, (m) => m.query<Row[]>(`SELECT ${COLUMNS} FROM api_key WHERE ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2`, [after, page.first + 1]));
    return toPage(
      rows.map((row) => readableView(ctx, 'ApiKey', withPrefix(row))),
      page.first,
    );
  }

  /** A new secret with the same label, scopes and expiry; the old key stops working at once. */
  async rotate(ctx: RequestContext, creatorMembershipId: string, id: string): Promise<{ apiKey: ApiKeyView; secret: string }> {
    return this.deps.db.withTenant(ctx, async (m) => {
      const old = await this.usable(m, ctx, id, 'rotate');
      await m.query(`UPDATE api_key SET revoked_at = $2 WHERE id = $1`, [id, ctx.clock.now()]);
      return insertKey(m, ctx, creatorMembershipId, { label: old.label, scopes: old.scopes, expiresAt: old.expiresAt }, id);
    });
  }

  async revoke(ctx: RequestContext, id: string): Promise<ApiKeyView> {
    return this.deps.db.withTenant(ctx, async (m) => {
      const key = await this.usable(m, ctx, id, 'revoke');
      const now = ctx.clock.now();
      await m.query(`UPDATE api_key SET revoked_at = $2 WHERE id = $1`, [id, now]);
      return readableView(ctx, 'ApiKey', withPrefix({ ...key, revokedAt: now }));
    });
  }

  private async usable(m: EntityManager, ctx: RequestContext, id: string, action: 'rotate' | 'revoke'): Promise<Row> {
    const [row] = isUuid(id) ? await m.query<Row[]>(`SELECT ${COLUMNS} FROM api_key WHERE id = $1 FOR UPDATE`, [id]) : [];
    const key = visibleOrNotFound(ctx, 'ApiKey', row);
    assertCan(ctx, action, 'ApiKey', key);
    if (key.revokedAt) throw new ConflictError('The API key is already revoked');
    return key;
  }
}

async function insertKey(
  m: EntityManager,
  ctx: RequestContext,
  creatorMembershipId: string,
  input: { label: string; scopes: string[]; expiresAt: Date | null },
  rotatedFrom: string | null,
): Promise<{ apiKey: ApiKeyView; secret: string }> {
  const tenantId = ctx.tenantId ?? '';
  const id = newId();
  const { token, secretHash } = mintOpaqueToken('tdmk', tenantId, id);
  const now = ctx.clock.now();
  await m.query(
    `INSERT INTO api_key (tenant_id, id, label, scopes, secret_hash, created_by, created_at, expires_at, rotated_from) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [tenantId, id, input.label, input.scopes, secretHash, creatorMembershipId, now, input.expiresAt, rotatedFrom],
  );
  const apiKey = withPrefix({ id, tenantId, label: input.label, scopes: input.scopes, expiresAt: input.expiresAt, revokedAt: null, lastUsedAt: null, createdAt: now });
  return { apiKey, secret: token };
}

function validate(input: ApiKeyInput, now: Date): { label: string; scopes: string[]; expiresAt: Date | null } {
  const label = input.label.trim();
  if (label.length < 1 || label.length > 100) throw new BadUserInputError('label', 'A label of 1 to 100 characters is required');
  if (input.scopes.length === 0) throw new BadUserInputError('scopes', 'At least one scope is required');
  const unknown = input.scopes.find((scope) => !(API_SCOPES as readonly string[]).includes(scope));
  if (unknown !== undefined) throw new BadUserInputError('scopes', `Unknown scope: ${unknown.slice(0, 40)}. Known: ${API_SCOPES.join(', ')}`);
  if (input.expiresAt && input.expiresAt <= now) throw new BadUserInputError('expiresAt', 'Expiry must be in the future');
  return { label, scopes: [...new Set(input.scopes)], expiresAt: input.expiresAt ?? null };
}

function withPrefix(row: Row): ApiKeyView {
  return { ...row, prefix: displayPrefix(row.tenantId, row.id, 'tdmk') };
}
