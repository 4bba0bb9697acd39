import { remsFormRequired } from '@tandem/clinical';
import type { Route } from '@tandem/clinical';
import type { Database } from '@tandem/db';
import type { EventHandler, RelayedPayload } from '@tandem/jobs';
import { assigneeSql, clinicSettings } from './clinic-care-rules';
import { insertFollowUps } from './followup-events';
import type { NewFollowUp } from './followup-events';
import type { FollowUpKind, Priority } from './followup-record';

const HOUR = 3_600_000;

interface SessionRule {
  readonly key: string;
  readonly kind: FollowUpKind;
  readonly title: string;
  readonly dueInHours: number;
  readonly priority: Priority;
  /** Who gets it: the first role the care team has, in this order. */
  readonly roles: readonly string[];
}

interface CompletedSession {
  readonly completedAt: Date;
  readonly remsSubmittedAt: Date | null;
  /** The route of the case's current treatment plan (what decided whether the REMS form is owed). */
  readonly route: Route | null;
}

/**
 * Care rules on `session.completed` for a dosing session, each as the clinic configured it
 * (`settings.careRules`): an integration session (lead therapist) and a check-in (monitoring
 * nurse) after the dose; for intranasal esketamine, the REMS monitoring form (prescriber of
 * record) unless it is already submitted. Every follow-up carries a rule key, unique per clinic,
 * so a redelivered event creates nothing twice.
 */
export function careRuleHandler(db: Database): EventHandler {
  return {
    topics: ['session.completed'],
    async handle(event: RelayedPayload) {
      const { sessionId, caseId, kind } = event.ids;
      if (kind !== 'DOSING' || !sessionId || !caseId) return;
      await db.withTenant({ tenantId: event.tenantId }, async (m) => {
        const [session] = await m.query<CompletedSession[]>(
          `SELECT s.completed_at AS "completedAt", s.rems_submitted_at AS "remsSubmittedAt", p.route
             FROM treatment_session s LEFT JOIN treatment_plan p ON p.case_id = s.case_id AND p.superseded_at IS NULL
            WHERE s.id = $1 AND s.status = 'COMPLETED'`,
          [sessionId],
        );
        if (!session) return;
        const rules = sessionRules((await clinicSettings(m)).careRules, session);
        if (rules.length === 0) return;
        const assignees = await m.query<{ key: string; assigneeId: string | null }[]>(
          `SELECT r.key, ${assigneeSql('$1', 'r.roles')} AS "assigneeId" FROM jsonb_to_recordset($2::jsonb) AS r (key text, roles text[])`,
          [caseId, JSON.stringify(rules.map((rule) => ({ key: rule.key, roles: rule.roles })))],
        );
        const followUps: NewFollowUp[] = rules.flatMap((rule) => {
          const assigneeId = assignees.find((a) => a.key === rule.key)?.assigneeId;
          if (!assigneeId) return [];
          return [{
            tenantId: event.tenantId,
            caseId,
            kind: rule.kind,
            title: rule.title,
            assigneeId,
            dueAt: new Date(session.completedAt.getTime() + rule.dueInHours * HOUR),
            priority: rule.priority,
            createdAt: session.completedAt,
            ruleKey: `${sessionId}:${rule.key}`,
          }];
        });
        await insertFollowUps(m, followUps);
      });
    },
  };
}

type CareRuleSettings = Awaited<ReturnType<typeof clinicSettings>>['careRules'];

function sessionRules(settings: CareRuleSettings, session: CompletedSession): SessionRule[] {
  const rules: SessionRule[] = [];
  if (settings.postDose.enabled) {
    rules.push(
      { key: 'integration', kind: 'INTEGRATION_SESSION', title: 'Integration session after dosing', dueInHours: settings.postDose.integrationWithinHours, priority: 'HIGH', roles: ['LEAD_THERAPIST', 'CO_THERAPIST', 'PRESCRIBER_OF_RECORD'] },
      { key: 'check-in', kind: 'POST_DOSE_CHECK_IN', title: `${settings.postDose.checkInAfterHours}-hour post-dose check-in`, dueInHours: settings.postDose.checkInAfterHours, priority: 'HIGH', roles: ['MONITORING_NURSE', 'COORDINATOR', 'PRESCRIBER_OF_RECORD'] },
    );
  }
  if (settings.remsForm.enabled && session.route && remsFormRequired(session.route) && !session.remsSubmittedAt) {
    rules.push({ key: 'rems', kind: 'REMS_FORM_DUE', title: 'Submit the REMS patient monitoring form', dueInHours: settings.remsForm.dueAfterDays * 24, priority: 'HIGH', roles: ['PRESCRIBER_OF_RECORD', 'MONITORING_NURSE'] });
  }
  return rules;
}
