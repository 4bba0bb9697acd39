import { isInstrument, trend } from '@tandem/clinical';
import type { Instrument } from '@tandem/clinical';
import { BadUserInputError, ForbiddenError } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import { abilityOf, subjectOf } from '@tandem/authz';
import type { Database } from '@tandem/db';
import { MEASURE_AUDIT_FIELDS, auditTreatmentReads } from '../audit-reads';
import { besideVisibleCase, onCase } from '../shared';

export interface TrendPointView {
  readonly measureId: string;
  readonly at: Date;
  readonly total: number;
}

export interface MeasureTrendView {
  readonly instrument: Instrument;
  readonly points: TrendPointView[];
  readonly baseline: TrendPointView | null;
  readonly latest: TrendPointView | null;
  readonly response: boolean | null;
  readonly remission: boolean | null;
  readonly meaningfulChange: boolean | null;
}

/**
 * One instrument's scores over a case, ready for a chart, with PHQ-9 response and remission and
 * PCL-5 meaningful change. The baseline is the first score taken before the first dose; when
 * every score came after dosing began there is no baseline, and no response is claimed.
 */
export async function measureTrend(db: Database, ctx: RequestContext, caseId: string, instrument: string): Promise<MeasureTrendView> {
  if (!isInstrument(instrument) || instrument === 'CSSRS_SCREENER') throw new BadUserInputError('instrument', 'An instrument with a total: PHQ9, GAD7, PCL5 or CADSS');
  return db.withTenant(ctx, async (m) => {
    // The scores and the first dose in one statement (one row even when there is no score),
    // asked beside the case; the checks below come before anything is returned or audited.
    const { record, rows: found } = await besideVisibleCase(m, ctx, caseId, () =>
      m.query<{ id: string | null; at: Date | null; total: number | null; firstDose: Date | null }[]>(
        `SELECT r.id, r.administered_at AS at, r.total, f.first_dose AS "firstDose"
         FROM (SELECT min(d.administered_at) AS first_dose FROM dose_administration d
               JOIN treatment_session s ON s.tenant_id = d.tenant_id AND s.id = d.session_id WHERE s.case_id = $1) f
         LEFT JOIN LATERAL (SELECT id, administered_at, total FROM measure_response
                            WHERE case_id = $1 AND instrument = $2 ORDER BY administered_at, id LIMIT 500) r ON true
         ORDER BY r.administered_at, r.id`,
        [caseId, instrument],
      ),
    );
    if (!abilityOf(ctx).can('read', subjectOf('Measure', onCase(record)), 'total')) throw new ForbiddenError('Not allowed to read measures of this case');
    const rows = found.flatMap((row) => (row.id !== null && row.at !== null && row.total !== null ? [{ id: row.id, at: row.at, total: row.total }] : []));
    const points = rows.map((row) => ({ measureId: row.id, at: row.at, total: row.total }));
    await auditTreatmentReads(m, ctx, 'Measure', rows.map((row) => ({ id: row.id, caseId, administeredAt: row.at, total: row.total })), MEASURE_AUDIT_FIELDS);
    const firstDose = found[0]?.firstDose ?? null;
    const hasBaseline = points.length > 0 && (firstDose === null || (points[0]?.at ?? firstDose) < firstDose);
    const t = trend(points, instrument);
    return {
      instrument,
      points,
      baseline: hasBaseline ? t.baseline : null,
      latest: t.latest,
      response: hasBaseline ? (t.response ?? null) : null,
      remission: t.remission ?? null,
      meaningfulChange: hasBaseline ? (t.meaningfulChange ?? null) : null,
    };
  });
}
