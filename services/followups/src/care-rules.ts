import { newId } from '@tandem/core';
import type { Database, EntityManager } from '@tandem/db';
import type { EventHandler, RelayedPayload } from '@tandem/jobs';

const HOUR = 3_600_000;

/** The first team member holding one of `roles`, in that order of preference. */
async function assigneeFor(m: EntityManager, caseId: string, roles: readonly string[]): Promise<string | null> {
  const rows = await m.query<{ membership_id: string; case_role: string }[]>(
    `SELECT membership_id, case_role FROM care_team_member WHERE case_id = $1 AND removed_at IS NULL AND case_role = ANY($2) ORDER BY added_at`,
    [caseId, roles],
  );
  for (const role of roles) {
    const found = rows.find((row) => row.case_role === role);
    if (found) return found.membership_id;
  }
  return null;
}

/**
 * After a dosing session is completed: an integration session due within 72 hours (the lead
 * therapist) and a check-in due in 24 hours (the monitoring nurse). Each follow-up carries a rule
 * key, unique per clinic, so a redelivered event creates nothing twice.
 */
export function careRuleHandler(db: Database): EventHandler {
  return {
    topics: ['session.completed'],
    async handle(event: RelayedPayload) {
      const { sessionId, caseId, kind } = event.ids;
      if (kind !== 'DOSING' || !sessionId || !caseId) return;
      await db.withTenant({ tenantId: event.tenantId }, async (m) => {
        const [session] = await m.query<{ completed_at: Date }[]>(`SELECT completed_at FROM treatment_session WHERE id = $1`, [sessionId]);
        if (!session) return;
        const rules = [
          { key: 'integration', kind: 'INTEGRATION_SESSION', title: 'Integration session after dosing', dueInHours: 72, roles: ['LEAD_THERAPIST', 'CO_THERAPIST', 'PRESCRIBER_OF_RECORD'] },
          { key: 'check-in', kind: 'POST_DOSE_CHECK_IN', title: '24-hour post-dose check-in', dueInHours: 24, roles: ['MONITORING_NURSE', 'COORDINATOR', 'PRESCRIBER_OF_RECORD'] },
        ];
        for (const rule of rules) {
          const assignee = await assigneeFor(m, caseId, rule.roles);
          if (!assignee) continue;
          await m.query(
            `INSERT INTO follow_up (tenant_id, id, case_id, kind, title, assignee_id, due_at, priority, status, rule_key, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'HIGH', 'OPEN', $8, now()) ON CONFLICT (tenant_id, rule_key) DO NOTHING`,
            [event.tenantId, newId(), caseId, rule.kind, rule.title, assignee, new Date(session.completed_at.getTime() + rule.dueInHours * HOUR), `${sessionId}:${rule.key}`],
          );
        }
      });
    },
  };
}
