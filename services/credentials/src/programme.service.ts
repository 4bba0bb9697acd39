import { DEFAULT_TRAINING_PROGRAMME, MAX_TRAINING_HOURS, READINESS_ROLES, TRAINING_MODULES } from '@tandem/clinical';
import type { ReadinessRole, TrainingModule, TrainingProgramme } from '@tandem/clinical';
import { BadUserInputError } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import { assertCan } from '@tandem/authz';
import type { Database, EntityManager } from '@tandem/db';

export interface ProgrammeRequirementView {
  readonly role: ReadinessRole;
  readonly modules: TrainingModule[];
  readonly minHours: number;
  /** False while the clinic relies on Tandem's default for this role. */
  readonly configured: boolean;
}

/**
 * The clinic's programme: Tandem's default (docs/credentials.md) overlaid by what the clinic has
 * set, role by role. A stored row with no modules and 0 hours is how a clinic requires nothing.
 */
export async function clinicProgramme(m: EntityManager): Promise<{ programme: TrainingProgramme; configured: Set<ReadinessRole> }> {
  const rows = await m.query<{ role: ReadinessRole; modules: TrainingModule[]; minHours: number }[]>(
    `SELECT role, modules, min_hours::float8 AS "minHours" FROM training_programme`,
  );
  const programme: TrainingProgramme = { ...DEFAULT_TRAINING_PROGRAMME };
  for (const row of rows) programme[row.role] = { modules: row.modules, minHours: row.minHours };
  return { programme, configured: new Set(rows.map((row) => row.role)) };
}

function views(programme: TrainingProgramme, configured: Set<ReadinessRole>): ProgrammeRequirementView[] {
  return READINESS_ROLES.map((role) => ({
    role,
    modules: [...(programme[role]?.modules ?? [])],
    minHours: programme[role]?.minHours ?? 0,
    configured: configured.has(role),
  }));
}

function checked(role: string, modules: readonly string[], minHours: number): { role: ReadinessRole; modules: TrainingModule[] } {
  if (!(READINESS_ROLES as readonly string[]).includes(role)) throw new BadUserInputError('role', 'FACILITATOR, PRESCRIBER or MONITORING_NURSE');
  if (modules.some((m) => !(TRAINING_MODULES as readonly string[]).includes(m))) throw new BadUserInputError('modules', 'Unknown training module');
  if (new Set(modules).size !== modules.length) throw new BadUserInputError('modules', 'A module is listed twice');
  if (!Number.isFinite(minHours) || minHours < 0 || minHours > MAX_TRAINING_HOURS) throw new BadUserInputError('minHours', `Hours from 0 to ${MAX_TRAINING_HOURS}`);
  return { role: role as ReadinessRole, modules: [...modules] as TrainingModule[] };
}

/** Reading the programme (every member) and setting one role's requirement (admins). */
export class ProgrammeService {
  constructor(private readonly db: Database) {}

  async read(ctx: RequestContext): Promise<ProgrammeRequirementView[]> {
    return this.db.withTenant(ctx, async (m) => {
      assertCan(ctx, 'read', 'TrainingProgramme', { tenantId: ctx.tenantId });
      const { programme, configured } = await clinicProgramme(m);
      return views(programme, configured);
    });
  }

  async set(ctx: RequestContext, role: string, modules: readonly string[], minHours: number): Promise<ProgrammeRequirementView[]> {
    const value = checked(role, modules, minHours);
    return this.db.withTenant(ctx, async (m) => {
      assertCan(ctx, 'update', 'TrainingProgramme', { tenantId: ctx.tenantId });
      const by = ctx.principal.kind === 'user' ? ctx.principal.membershipId : null;
      await m.query(
        `INSERT INTO training_programme (tenant_id, role, modules, min_hours, updated_by, updated_at) VALUES (app.current_tenant(), $1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, role) DO UPDATE SET modules = EXCLUDED.modules, min_hours = EXCLUDED.min_hours, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
        [value.role, value.modules, minHours, by, ctx.clock.now()],
      );
      const { programme, configured } = await clinicProgramme(m);
      return views(programme, configured);
    });
  }
}
