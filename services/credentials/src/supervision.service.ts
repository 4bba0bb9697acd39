import { InvalidSupervisionError, validateSupervision } from '@tandem/clinical';
import type { SupervisionKind, TrainingModule } from '@tandem/clinical';
import { AppError, BadUserInputError, NotFoundError, isUuid, newId } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import { abilityOf, accessibleWhere, assertCan, readableView, visibleOrNotFound } from '@tandem/authz';
import type { Database, EntityManager } from '@tandem/db';
import { afterId, toPage } from '@tandem/graphql';
import type { Page, PageRequest } from '@tandem/graphql';
import { clinicToday, memberExists } from './credential-record';
import { missingFor } from './readiness.service';
import { SUPERVISION_COLUMNS, findSupervision, membershipStatus, supervisionPage } from './supervision-record';
import type { SupervisionView } from './supervision-record';

export interface SupervisionInput {
  readonly traineeId: string;
  readonly supervisorId: string;
  readonly heldOn: string;
  readonly hours: number;
  readonly kind: string;
  readonly modules?: readonly string[] | null;
  readonly note?: string | null;
}

type Party = 'traineeId' | 'supervisorId';

function actor(ctx: RequestContext): string {
  return ctx.principal.kind === 'user' ? ctx.principal.membershipId : '';
}

/** Another clinic's member answers exactly like one that exists nowhere (no existence leaks). */
function unknownMember(field: Party): AppError {
  return new AppError('NOT_FOUND', 'Membership not found', { subject: 'Membership', field });
}

function checked(input: SupervisionInput, today: string): void {
  try {
    validateSupervision(input, today);
  } catch (error) {
    if (error instanceof InvalidSupervisionError) throw new BadUserInputError(error.field, error.message);
    throw error;
  }
}

/**
 * Who the entry is between, in this order: both are the clinic's members (NOT_FOUND before
 * anything else, so a foreign id tells nothing), two different people, the actor is one of them,
 * both are active, and the supervisor meets the clinic's facilitator requirement today.
 */
async function assertParties(m: EntityManager, ctx: RequestContext, input: SupervisionInput): Promise<void> {
  const status: Partial<Record<Party, string>> = {};
  for (const field of ['traineeId', 'supervisorId'] as const) {
    status[field] = isUuid(input[field]) ? await membershipStatus(m, input[field]) : undefined;
    if (status[field] === undefined) throw unknownMember(field);
  }
  if (input.traineeId === input.supervisorId) throw new BadUserInputError('supervisorId', 'A member cannot supervise themself');
  assertCan(ctx, 'create', 'SupervisionEntry', { tenantId: ctx.tenantId, partyIds: [input.traineeId, input.supervisorId], loggedBy: actor(ctx) });
  for (const field of ['traineeId', 'supervisorId'] as const) {
    if (status[field] !== 'ACTIVE') throw new BadUserInputError(field, 'Not an active member of the clinic');
  }
  const unmet = await missingFor(m, ctx.clock.now(), input.supervisorId, 'FACILITATOR');
  if (unmet.length > 0) {
    throw new AppError('BAD_USER_INPUT', `The supervisor does not meet the clinic's facilitator requirement: ${unmet.join(', ')}`, { field: 'supervisorId', reason: 'CREDENTIALS', unmet });
  }
}

/** The supervision log: an entry logged by either party, confirmed by the other, read by the parties and admins. */
export class SupervisionService {
  constructor(private readonly db: Database) {}

  async log(ctx: RequestContext, input: SupervisionInput): Promise<SupervisionView> {
    return this.db.withTenant(ctx, async (m) => {
      checked(input, await clinicToday(m, ctx.clock.now()));
      await assertParties(m, ctx, input);
      const id = newId();
      await m.query(
        `INSERT INTO supervision_session (tenant_id, id, trainee_id, supervisor_id, logged_by, held_on, hours, kind, modules, note, created_at)
         VALUES (app.current_tenant(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [id, input.traineeId, input.supervisorId, actor(ctx), input.heldOn, input.hours, input.kind as SupervisionKind, [...(input.modules ?? [])] as TrainingModule[], input.note?.trim() || null, ctx.clock.now()],
      );
      return readableView(ctx, 'SupervisionEntry', await load(m, id));
    });
  }

  /** The other party vouches for the entry; confirming one's own is FORBIDDEN by the policy. Twice is a no-op. */
  async confirm(ctx: RequestContext, id: string): Promise<SupervisionView> {
    return this.db.withTenant(ctx, async (m) => {
      const entry = visibleOrNotFound(ctx, 'SupervisionEntry', isUuid(id) ? await findSupervision(m, id) : undefined);
      assertCan(ctx, 'verify', 'SupervisionEntry', entry);
      if (!entry.confirmed) {
        await m.query(`UPDATE supervision_session SET confirmed_by = $2, confirmed_at = $3 WHERE id = $1`, [id, actor(ctx), ctx.clock.now()]);
      }
      return readableView(ctx, 'SupervisionEntry', await load(m, id));
    });
  }

  /** A member's entries (either side), oldest first, as far as the reader may see them. */
  async ofMember(ctx: RequestContext, membershipId: string, page: PageRequest): Promise<Page<SupervisionView>> {
    const after = afterId(page);
    const visible = accessibleWhere(abilityOf(ctx), 'read', 'SupervisionEntry', SUPERVISION_COLUMNS, 3);
    return this.db.withTenant(ctx, async (m) => {
      if (!isUuid(membershipId) || !(await memberExists(m, membershipId))) throw new NotFoundError('Membership');
      const rows = await supervisionPage(m, membershipId, after, page.first + 1, visible);
      return toPage(rows.map((row) => readableView(ctx, 'SupervisionEntry', row)), page.first);
    });
  }
}

async function load(m: EntityManager, id: string): Promise<SupervisionView> {
  const row = await findSupervision(m, id);
  if (!row) throw new NotFoundError('SupervisionEntry');
  return row;
}
