import { MonitoringIncompleteError, assertMonitoringComplete, remsFormRequired } from '@tandem/clinical';
import { BadUserInputError, ConflictError, newId } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import { recordCaseEvent } from '@tandem/cases';
import { completeRuleFollowUp } from '@tandem/followups';
import { writeOutbox } from '@tandem/jobs';
import type { Database, EntityManager } from '@tandem/db';
import { actingMember } from '../shared';
import { sessionOnTeam } from './dosing.service';
import { currentPlan } from './plan.service';
import { clinicSettings } from '../tenant-settings';

export interface CompletionInput {
  readonly monitoringStartedAt?: Date | null;
  readonly monitoringEndedAt?: Date | null;
  readonly sedation?: 'NONE' | 'MILD' | 'MODERATE' | 'DEEP' | null;
  readonly dissociation?: 'NONE' | 'MILD' | 'MODERATE' | 'SEVERE' | null;
  readonly dischargeReady?: boolean | null;
  readonly transport?: string | null;
  /** The REMS Patient Monitoring Form's fields, for intranasal esketamine. */
  readonly remsForm?: Record<string, unknown> | null;
}

export interface AdverseEventInput {
  readonly type: string;
  readonly severity: 'MILD' | 'MODERATE' | 'SEVERE' | 'LIFE_THREATENING';
  readonly actionTaken: string;
  readonly outcome: string;
}

const REMS_FIELDS = ['sedationObserved', 'dissociationObserved', 'bloodPressureChecked', 'respiratoryDepressionObserved', 'patientReleased'];

/**
 * Closing a session. A dosing session needs the clinic's monitoring time (default 120 minutes),
 * discharge readiness and transport; intranasal esketamine also the REMS monitoring-form fields.
 */
export class CompletionService {
  constructor(private readonly db: Database) {}

  async complete(ctx: RequestContext, sessionId: string, input: CompletionInput): Promise<void> {
    await this.db.withTenant(ctx, async (m) => {
      const { session, record } = await sessionOnTeam(m, ctx, sessionId, 'TreatmentSession');
      if (session.status !== 'SCHEDULED') throw new ConflictError(`The session is ${session.status.toLowerCase()}`);
      if (session.kind === 'DOSING') {
        const [dose] = await m.query<unknown[]>(`SELECT 1 FROM dose_administration WHERE session_id = $1`, [sessionId]);
        if (!dose) throw new ConflictError('No dose was recorded for this dosing session', { unmet: ['DOSE_RECORDED'] });
        await this.assertMonitoring(m, input);
        const plan = await currentPlan(m, record.id);
        if (plan && remsFormRequired(plan.route)) assertRemsForm(input.remsForm);
      }
      const now = ctx.clock.now();
      await m.query(
        `UPDATE treatment_session SET status = 'COMPLETED', completed_at = $2, monitoring_started_at = $3, monitoring_ended_at = $4, sedation = $5, dissociation = $6,
           discharge_ready = $7, transport = $8, rems_form = $9, updated_at = $2 WHERE id = $1`,
        [sessionId, now, input.monitoringStartedAt ?? null, input.monitoringEndedAt ?? null, input.sedation ?? null, input.dissociation ?? null, input.dischargeReady ?? null, input.transport?.trim() || null, input.remsForm ? JSON.stringify(input.remsForm) : null],
      );
      await recordCaseEvent(m, ctx, record.id, 'SESSION_COMPLETED', { sessionId, kind: session.kind });
      // Care rules (follow-ups after a dose) react to this in the worker.
      await writeOutbox(m, { tenantId: record.tenantId, topic: 'session.completed', payload: { sessionId, caseId: record.id, kind: session.kind } });
    });
  }

  async recordAdverseEvent(ctx: RequestContext, sessionId: string, input: AdverseEventInput): Promise<string> {
    for (const field of ['type', 'actionTaken', 'outcome'] as const) {
      if (input[field].trim().length < 1) throw new BadUserInputError(field, `${field} is required`);
    }
    return this.db.withTenant(ctx, async (m) => {
      const { session } = await sessionOnTeam(m, ctx, sessionId, 'Vitals');
      const id = newId();
      await m.query(`INSERT INTO adverse_event (tenant_id, id, session_id, type, severity, action_taken, outcome, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
        session.tenantId, id, sessionId, input.type.trim(), input.severity, input.actionTaken.trim(), input.outcome.trim(), actingMember(ctx), ctx.clock.now(),
      ]);
      return id;
    });
  }

  /**
   * Marks the REMS form submitted (esketamine sessions show "REMS form due" until then) and
   * completes the care rule's REMS follow-up, in the same transaction.
   */
  async markRemsSubmitted(ctx: RequestContext, sessionId: string): Promise<void> {
    await this.db.withTenant(ctx, async (m) => {
      const { session, record } = await sessionOnTeam(m, ctx, sessionId, 'TreatmentSession');
      if (session.status !== 'COMPLETED') throw new ConflictError('The REMS form follows a completed session');
      await m.query(`UPDATE treatment_session SET rems_submitted_at = COALESCE(rems_submitted_at, $2), updated_at = $2 WHERE id = $1`, [sessionId, ctx.clock.now()]);
      await completeRuleFollowUp(m, {
        tenantId: record.tenantId,
        ruleKey: `${sessionId}:rems`,
        note: 'REMS form submitted',
        closedAt: ctx.clock.now(),
        closedBy: ctx.principal.kind === 'user' ? ctx.principal.membershipId : null,
      });
    });
  }

  private async assertMonitoring(m: EntityManager, input: CompletionInput): Promise<void> {
    if (!input.monitoringStartedAt || !input.monitoringEndedAt) throw new BadUserInputError('monitoringEndedAt', 'Monitoring start and end are required');
    const required = (await clinicSettings(m)).vitals.monitoringMinutes;
    try {
      assertMonitoringComplete(input.monitoringStartedAt, input.monitoringEndedAt, required);
    } catch (error) {
      if (error instanceof MonitoringIncompleteError) throw new BadUserInputError('monitoringEndedAt', `Monitoring lasted ${error.minutes} minutes; at least ${required} are required`);
      throw new BadUserInputError('monitoringEndedAt', 'Monitoring must end after it starts');
    }
    if (input.dischargeReady !== true) throw new BadUserInputError('dischargeReady', 'The patient must be ready for discharge');
    if (!input.transport?.trim()) throw new BadUserInputError('transport', 'Record how the patient gets home (no driving until the next day)');
  }
}

function assertRemsForm(form: Record<string, unknown> | null | undefined): void {
  const missing = REMS_FIELDS.filter((field) => typeof form?.[field] !== 'boolean');
  if (missing.length > 0) throw new BadUserInputError(`remsForm.${missing[0] ?? ''}`, `The REMS monitoring form needs: ${missing.join(', ')}`);
}
