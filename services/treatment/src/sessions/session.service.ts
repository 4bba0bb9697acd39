import { remsFormDue, remsFormRequired, wouldBreakFrequencyLimit } from '@tandem/clinical';
import { BadUserInputError, ConflictError, NotFoundError, isUuid, newId } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import type { Route } from '@tandem/clinical';
import { assertCan, readableView, visibleOrNotFound } from '@tandem/authz';
import { SESSION_AUDIT_FIELDS, auditTreatmentReads } from '../audit-reads';
import { findCase, recordCaseEvent } from '@tandem/cases';
import type { CaseView } from '@tandem/cases';
import type { Database, EntityManager } from '@tandem/db';
import { actingMember, besideVisibleCase, onCase, visibleCase } from '../shared';
import { currentPlan } from './plan.service';
import { dosingStarts, findSession, sessionsOfCase } from './session-record';
import type { SessionKind, SessionRow } from './session-record';
import { clinicSettings } from '../tenant-settings';
import { listSessions } from './session-list';
import type { SessionFilter } from './session-list';
import type { PageRequest } from '@tandem/graphql';

export interface ScheduleInput {
  readonly kind: SessionKind;
  readonly startsAt: Date;
  readonly expectedMinutes: number;
  readonly location: 'IN_CLINIC' | 'TELEHEALTH';
  readonly participantIds: readonly string[];
  /** A participant who supervises the session's trainee facilitators (docs/credentials.md). */
  readonly supervisorId?: string | null;
}

export interface SessionStaffing {
  readonly participantIds: readonly string[];
  readonly supervisorId: string | null;
}

/** What is missing (`unmet`), and the trainee facilitators the supervisor answers for. */
export interface StaffingVerdict {
  readonly unmet: string[];
  readonly traineeIds: string[];
}

/**
 * What a dosing session's participants must hold, by their part on the case, on the session's
 * day. CREDENTIAL_SESSION_GATES (session-gates.ts) is the real check; NO_CREDENTIAL_GATES
 * requires nothing.
 */
export interface FacilitatorRequirements {
  check(m: EntityManager, caseId: string, staffing: SessionStaffing, at: Date): Promise<StaffingVerdict>;
}
export const NO_CREDENTIAL_GATES: FacilitatorRequirements = { check: () => Promise.resolve({ unmet: [], traineeIds: [] }) };

export type SessionView = SessionRow & { careTeamMembershipIds: string[]; remsFormDue: string | null };

/** Scheduling, rescheduling and cancelling sessions: the schedule is everyone's, the content the team's. */
export class SessionService {
  constructor(
    private readonly db: Database,
    private readonly facilitators: FacilitatorRequirements = NO_CREDENTIAL_GATES,
  ) {}

  async schedule(ctx: RequestContext, caseId: string, input: ScheduleInput): Promise<SessionView> {
    if (!(input.startsAt instanceof Date) || Number.isNaN(input.startsAt.getTime())) throw new BadUserInputError('startsAt', 'A start time is required');
    if (!Number.isInteger(input.expectedMinutes) || input.expectedMinutes < 15 || input.expectedMinutes > 720) throw new BadUserInputError('expectedMinutes', '15 to 720 minutes');
    return this.db.withTenant(ctx, async (m) => {
      const record = await visibleCase(m, ctx, caseId);
      assertCan(ctx, 'create', 'TreatmentSession', onCase(record));
      if (record.status === 'CLOSED' || record.status === 'WITHDRAWN') throw new ConflictError('The case is closed');
      const participants = [...new Set(input.participantIds)];
      const outsider = participants.find((id) => !record.careTeamMembershipIds.includes(id));
      if (participants.length === 0 || outsider !== undefined) throw new BadUserInputError('participantIds', 'Participants must be members of the case care team');
      const supervisorId = input.supervisorId ?? null;
      if (supervisorId !== null && !participants.includes(supervisorId)) throw new BadUserInputError('supervisorId', 'The supervisor must be one of the participants');
      const staffing = { participantIds: participants, supervisorId };
      const traineeIds = input.kind === 'DOSING' ? await this.assertDosingAllowed(m, record, null, input.startsAt, staffing) : [];
      const now = ctx.clock.now();
      const id = newId();
      await m.query(
        `INSERT INTO treatment_session (tenant_id, id, case_id, kind, starts_at, expected_minutes, location, status, participant_ids, supervisor_id, trainee_ids, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'SCHEDULED', $8, $9, $10, $11, $12, $12)`,
        [record.tenantId, id, caseId, input.kind, input.startsAt, input.expectedMinutes, input.location, participants, supervisorId, traineeIds, actingMember(ctx), now],
      );
      await recordCaseEvent(m, ctx, caseId, 'SESSION_SCHEDULED', { sessionId: id, kind: input.kind });
      return this.view(m, ctx, id, record);
    });
  }

  async reschedule(ctx: RequestContext, sessionId: string, startsAt: Date): Promise<SessionView> {
    return this.db.withTenant(ctx, async (m) => {
      const { session, record } = await this.changeable(m, ctx, sessionId);
      const staffing = { participantIds: session.participantIds, supervisorId: session.supervisorId };
      const traineeIds = session.kind === 'DOSING' ? await this.assertDosingAllowed(m, record, session.id, startsAt, staffing) : [];
      await m.query(`UPDATE treatment_session SET starts_at = $2, trainee_ids = $3, updated_at = $4 WHERE id = $1`, [sessionId, startsAt, traineeIds, ctx.clock.now()]);
      await recordCaseEvent(m, ctx, record.id, 'SESSION_RESCHEDULED', { sessionId });
      return this.view(m, ctx, sessionId, record);
    });
  }

  /** A cancellation is clinical information: the session and its reason are kept. */
  async cancel(ctx: RequestContext, sessionId: string, reason: string): Promise<SessionView> {
    const why = reason.trim();
    if (why.length < 1 || why.length > 2000) throw new BadUserInputError('reason', 'A reason is required');
    return this.db.withTenant(ctx, async (m) => {
      const { record } = await this.changeable(m, ctx, sessionId);
      await m.query(`UPDATE treatment_session SET status = 'CANCELLED', cancelled_at = $2, cancellation_reason = $3, updated_at = $2 WHERE id = $1`, [sessionId, ctx.clock.now(), why]);
      await recordCaseEvent(m, ctx, record.id, 'SESSION_CANCELLED', { sessionId });
      return this.view(m, ctx, sessionId, record);
    });
  }

  /** The clinic's schedule between two times (see session-list.ts), with the fields `asked` (absent: all). */
  list(ctx: RequestContext, filter: SessionFilter, page: PageRequest, asked?: ReadonlySet<string>) {
    return listSessions(this.db, ctx, filter, page, asked);
  }

  async forCase(ctx: RequestContext, caseId: string): Promise<SessionView[]> {
    return this.db.withTenant(ctx, async (m) => {
      const { record, rows } = await besideVisibleCase(m, ctx, caseId, () => sessionsOfCase(m, caseId));
      const rems = await this.remsStatusFor(m, ctx, rows[0]?.planRoute ?? null);
      const views = rows.map(({ planRoute: _route, ...row }) => readableView(ctx, 'TreatmentSession', { ...row, careTeamMembershipIds: record.careTeamMembershipIds, remsFormDue: rems(row) }));
      await auditTreatmentReads(m, ctx, 'TreatmentSession', views, SESSION_AUDIT_FIELDS);
      return views;
    });
  }

  private async changeable(m: EntityManager, ctx: RequestContext, sessionId: string): Promise<{ session: SessionRow; record: CaseView }> {
    const session = isUuid(sessionId) ? await findSession(m, sessionId, true) : undefined;
    const record = session ? await findCase(m, session.caseId) : undefined;
    if (!session || !record) throw new NotFoundError('TreatmentSession');
    visibleOrNotFound(ctx, 'TreatmentSession', { ...session, careTeamMembershipIds: record.careTeamMembershipIds });
    assertCan(ctx, 'update', 'TreatmentSession', { ...session, careTeamMembershipIds: record.careTeamMembershipIds });
    if (session.status !== 'SCHEDULED') throw new ConflictError(`The session is ${session.status.toLowerCase()}`);
    return { session, record };
  }

  /**
   * A dosing session needs a case in dosing, room in the frequency limit, and credentialed
   * facilitators; returns the trainees its supervisor answers for.
   */
  private async assertDosingAllowed(m: EntityManager, record: CaseView, sessionId: string | null, startsAt: Date, staffing: SessionStaffing): Promise<string[]> {
    if (record.status !== 'DOSING') throw new ConflictError('Dosing sessions are scheduled only for a case in the dosing phase', { unmet: ['CASE_IN_DOSING'] });
    const plan = await currentPlan(m, record.id);
    const settings = await clinicSettings(m);
    const limit = { maxSessions: plan?.maxSessionsPerWindow ?? 2, windowDays: plan?.windowDays ?? 7, timeZone: settings.timezone };
    if (wouldBreakFrequencyLimit(await dosingStarts(m, record.id, sessionId), startsAt, limit)) {
      throw new ConflictError(`At most ${limit.maxSessions} dosing sessions in any ${limit.windowDays} days`, { unmet: ['FREQUENCY_LIMIT'] });
    }
    const { unmet, traineeIds } = await this.facilitators.check(m, record.id, staffing, startsAt);
    if (unmet.length > 0) throw new ConflictError(`A participant lacks a required credential: ${unmet.join(', ')}`, { reason: 'CREDENTIALS', unmet });
    return traineeIds;
  }

  private async view(m: EntityManager, ctx: RequestContext, id: string, record: CaseView): Promise<SessionView> {
    const row = await findSession(m, id);
    if (!row) throw new NotFoundError('TreatmentSession');
    return readableView(ctx, 'TreatmentSession', { ...row, careTeamMembershipIds: record.careTeamMembershipIds, remsFormDue: (await this.remsStatus(m, ctx, record.id))(row) });
  }

  /** Esketamine dosing sessions owe the REMS monitoring form within 7 days of the session. */
  private async remsStatus(m: EntityManager, ctx: RequestContext, caseId: string): Promise<(row: SessionRow) => string | null> {
    return this.remsStatusFor(m, ctx, (await currentPlan(m, caseId))?.route ?? null);
  }

  /** The same, for a case whose current plan's route is known (null: no plan). */
  private async remsStatusFor(m: EntityManager, ctx: RequestContext, route: Route | null): Promise<(row: SessionRow) => string | null> {
    if (!route || !remsFormRequired(route)) return () => null;
    const { timezone } = await clinicSettings(m);
    return (row) => (row.kind === 'DOSING' && row.status === 'COMPLETED' ? remsFormDue(row.completedAt, row.remsSubmittedAt, ctx.clock.now(), { timeZone: timezone }) : null);
  }
}
