import { READINESS_ROLES, doseGate, isUsState, nextExpiry, readiness, supervisionAsTraining } from '@tandem/clinical';
import type { CredentialFacts, Readiness, ReadinessRole } from '@tandem/clinical';
import type { RequestContext } from '@tandem/core';
import { abilityOf, assertCan } from '@tandem/authz';
import { ForbiddenError } from '@tandem/core';
import type { Database, EntityManager } from '@tandem/db';
import { afterId, toPage } from '@tandem/graphql';
import type { Page, PageRequest } from '@tandem/graphql';
import { clinicToday, credentialsOf } from './credential-record';
import { clinicProgramme } from './programme.service';
import { confirmedSupervisionOf } from './supervision-record';

export interface RosterEntry {
  readonly id: string;
  readonly membershipId: string;
  readonly displayName: string | null;
  readonly roles: string[];
  readonly readiness: Readiness[];
  readonly nextExpiry: string | null;
}

/**
 * What readiness weighs for the members given: their credentials and, as training hours, their
 * confirmed supervision (docs/credentials.md). Two statements for any number of members.
 */
async function factsOf(m: EntityManager, membershipIds: readonly string[], today: string): Promise<(id: string) => { credentials: CredentialFacts[]; held: CredentialFacts[] }> {
  const [credentials, supervision] = await Promise.all([credentialsOf(m, membershipIds), confirmedSupervisionOf(m, membershipIds)]);
  return (id) => {
    const held = credentials.filter((c) => c.membershipId === id);
    return { held, credentials: [...held, ...supervisionAsTraining(supervision.filter((s) => s.traineeId === id), today)] };
  };
}

/**
 * What a member is missing for one role, today in the clinic: the gates call this. Reads the
 * credentials as the system sees them (a gate must not depend on who is asking).
 */
export async function missingFor(m: EntityManager, now: Date, membershipId: string, role: ReadinessRole, patientState?: string | null): Promise<string[]> {
  const [{ programme }, today] = await Promise.all([clinicProgramme(m), clinicToday(m, now)]);
  const { credentials } = (await factsOf(m, [membershipId], today))(membershipId);
  if (role === 'PRESCRIBER' && patientState !== undefined) return doseGate(credentials, programme, today, patientState !== null && isUsState(patientState) ? patientState : null);
  return readiness(role, credentials, programme, today).missing;
}

/** A member's readiness for one role on `now`'s day in the clinic: for gates that admit trainees. */
export async function readinessFor(m: EntityManager, now: Date, membershipId: string, role: ReadinessRole): Promise<Readiness> {
  const [credentials, { programme }, today] = await Promise.all([credentialsOf(m, [membershipId]), clinicProgramme(m), clinicToday(m, now)]);
  return readiness(role, credentials, programme, today);
}

/** Readiness: one's own gaps (every member) and the clinic's roster (admins). */
export class ReadinessService {
  constructor(private readonly db: Database) {}

  async mine(ctx: RequestContext): Promise<Readiness[]> {
    const me = ctx.principal.kind === 'user' ? ctx.principal.membershipId : '';
    return this.db.withTenant(ctx, async (m) => {
      assertCan(ctx, 'read', 'Credential', { tenantId: ctx.tenantId, membershipId: me });
      const [{ programme }, today] = await Promise.all([clinicProgramme(m), clinicToday(m, ctx.clock.now())]);
      const { credentials } = (await factsOf(m, [me], today))(me);
      return READINESS_ROLES.map((role) => readiness(role, credentials, programme, today));
    });
  }

  /** Active members in id order, each with readiness per role and the next expiry. */
  async roster(ctx: RequestContext, page: PageRequest): Promise<Page<RosterEntry>> {
    const after = afterId(page);
    // Only whoever reads every credential of the clinic (admins) sees the roster.
    if (!abilityOf(ctx).can('read', 'Credential') || !abilityOf(ctx).can('verify', 'Credential')) throw new ForbiddenError('Not allowed to read the roster');
    return this.db.withTenant(ctx, async (m) => {
      const members = await m.query<{ id: string; displayName: string | null; roles: string[] }[]>(
        `SELECT mb.id, u.display_name AS "displayName", mb.roles FROM membership mb JOIN app_user u ON u.id = mb.user_id
         WHERE mb.status = 'ACTIVE' AND ($1::uuid IS NULL OR mb.id > $1) ORDER BY mb.id LIMIT $2`,
        [after, page.first + 1],
      );
      const [{ programme }, today] = await Promise.all([clinicProgramme(m), clinicToday(m, ctx.clock.now())]);
      const factsFor = await factsOf(m, members.map((x) => x.id), today);
      const entries = members.map((member) => {
        const { credentials, held } = factsFor(member.id);
        return { ...member, membershipId: member.id, readiness: READINESS_ROLES.map((role) => readiness(role, credentials, programme, today)), nextExpiry: nextExpiry(held, today) };
      });
      return toPage(entries, page.first);
    });
  }
}
