import { createHash } from 'node:crypto';
import { BadUserInputError, NotFoundError, isUuid, newId } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import { assertCan, readableView } from '@tandem/authz';
import type { Database, EntityManager } from '@tandem/db';
import { afterId, toPage } from '@tandem/graphql';
import type { Page, PageRequest } from '@tandem/graphql';
import { parse } from 'graphql';
import { effectiveSettings } from '../tenants/tenant-settings';

export interface RegisteredOperationView {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly sha256: string;
  readonly query: string;
  readonly registeredBy: string;
  readonly createdAt: Date;
}

/** What the gateway needs to admit a partner request: is the clinic restricted, and the registered text. */
export interface PartnerOperationGate {
  readonly registeredOnly: boolean;
  /** The registered query with this hash, or null. */
  readonly query: string | null;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;
const MAX_QUERY_LENGTH = 100_000;
const COLUMNS = `id, tenant_id AS "tenantId", name, sha256, query, registered_by AS "registeredBy", created_at AS "createdAt"`;

/** sha256 (hex) of the exact query text: the hash Apollo's automatic persisted queries use. */
export function operationHash(query: string): string {
  return createHash('sha256').update(query).digest('hex');
}

/** The operations a clinic's admins allow its partner keys to run (docs/api.md, "Persisted queries"). */
export class RegisteredOperationService {
  constructor(private readonly db: Database) {}

  /** Registers the exact text; registering the same text again renames it and keeps its id. */
  async register(ctx: RequestContext, registeredBy: string, input: { name: string; query: string }): Promise<RegisteredOperationView> {
    const name = input.name.trim();
    if (!NAME.test(name)) throw new BadUserInputError('name', 'A name is 1 to 100 letters, digits and underscores, not starting with a digit');
    const query = validQuery(input.query);
    return this.db.withTenant(ctx, async (m) => {
      assertCan(ctx, 'create', 'RegisteredOperation', { tenantId: ctx.tenantId });
      const [row] = await m.query<RegisteredOperationView[]>(
        `INSERT INTO registered_operation (tenant_id, id, name, sha256, query, registered_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (tenant_id, sha256) DO UPDATE SET name = EXCLUDED.name RETURNING ${COLUMNS}`,
        [ctx.tenantId, newId(), name, operationHash(query), query, registeredBy, ctx.clock.now()],
      );
      return readableView(ctx, 'RegisteredOperation', row);
    });
  }

  /**
   * Removes a registered operation: from the next request on, partner keys of a clinic that
   * allows registered operations only can no longer run it. Another clinic's id is NOT_FOUND.
   */
  async unregister(ctx: RequestContext, id: string): Promise<void> {
    await this.db.withTenant(ctx, async (m) => {
      assertCan(ctx, 'revoke', 'RegisteredOperation', { tenantId: ctx.tenantId });
      const [, removed] = isUuid(id) ? await m.query<[unknown[], number]>(`DELETE FROM registered_operation WHERE id = $1`, [id]) : [[], 0];
      if (removed === 0) throw new NotFoundError('RegisteredOperation');
    });
  }

  async list(ctx: RequestContext, page: PageRequest): Promise<Page<RegisteredOperationView>> {
    const after = afterId(page);
    const rows = await this.db.withTenant(ctx, (m) =>
      m.query<RegisteredOperationView[]>(`SELECT ${COLUMNS} FROM registered_operation WHERE ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2`, [after, page.first + 1]),
    );
    return toPage(
      rows.map((row) => readableView(ctx, 'RegisteredOperation', row)),
      page.first,
    );
  }

  /**
   * For the gateway, before any operation of a partner key runs: the clinic's setting (read with
   * the key at authentication, so usually no statement) and the registered text of `sha256`. Not
   * a permission check of the key (it reads no record for it).
   */
  async partnerGate(ctx: RequestContext, sha256: string | null): Promise<PartnerOperationGate> {
    const known = ctx.principal.kind === 'partner' ? ctx.principal.registeredOperationsOnly : undefined;
    if (known === false) return { registeredOnly: false, query: null };
    return this.db.withTenant(ctx, async (m) => {
      const registeredOnly = known ?? (await registeredOnlySetting(m, ctx));
      if (!registeredOnly || sha256 === null) return { registeredOnly, query: null };
      const [row] = await m.query<{ query: string }[]>(`SELECT query FROM registered_operation WHERE sha256 = $1`, [sha256]);
      return { registeredOnly, query: row?.query ?? null };
    });
  }
}

async function registeredOnlySetting(m: EntityManager, ctx: RequestContext): Promise<boolean> {
  const [tenant] = await m.query<{ settings: unknown }[]>(`SELECT settings FROM tenant WHERE id = $1`, [ctx.tenantId]);
  return effectiveSettings(tenant?.settings ?? {}).api.partnerKeysRegisteredOperationsOnly;
}

function validQuery(query: string): string {
  if (query.length < 1 || query.length > MAX_QUERY_LENGTH) throw new BadUserInputError('query', 'A query of 1 to 100,000 characters is required');
  try {
    parse(query);
  } catch {
    throw new BadUserInputError('query', 'The query is not valid GraphQL');
  }
  return query;
}
