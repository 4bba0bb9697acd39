import type { TenantService } from '@tandem/accounts';
import { copyRows } from '@tandem/db';
import type { Database } from '@tandem/db';
import { templateClinic } from './template';
import type { TemplateClinic } from './template';

/** Dataset sizes, from BENCH_* variables. */
export interface SeedSizes {
  readonly tenants: number;
  /** Cases per tenant (the template case and its copies). */
  readonly cases: number;
  /** Signed notes per case. */
  readonly notes: number;
}

export function seedSizes(env: NodeJS.ProcessEnv): SeedSizes {
  return { tenants: Number(env.BENCH_TENANTS ?? 3), cases: Number(env.BENCH_CASES ?? 500), notes: Number(env.BENCH_NOTES ?? 40) };
}

export interface SeededClinic extends TemplateClinic {
  readonly caseIds: readonly string[];
}

/**
 * A copy's id: stable for (source id, copy number), so children follow their copied parents; an
 * md5 with the version (4) and variant (8) digits set, so the API takes it for a UUID.
 */
const copyOf = (column: string) => `overlay(overlay(md5(src.${column}::text || ':' || g) placing '4' from 13) placing '8' from 17)::uuid`;

/**
 * Each tenant's template made through the API, then multiplied in bulk SQL (as the benchmark,
 * RLS bypassed): the template case's notes copied up to `notes` (older), then the whole case —
 * patient, case, care team, sessions, vitals, measures, notes, follow-ups — copied `cases - 1` times.
 */
export async function seed(url: string, db: Database, tenants: TenantService, sizes: SeedSizes): Promise<SeededClinic[]> {
  const clinics: SeededClinic[] = [];
  for (let n = 1; n <= sizes.tenants; n += 1) {
    const template = await templateClinic(url, tenants, n);
    const seeded = await db.asSystem('benchmark', async (m) => {
      const t = template.tenantId;
      const [note] = await m.query<{ id: string }[]>(`SELECT id FROM case_note WHERE tenant_id = $1 AND case_id = $2 LIMIT 1`, [t, template.caseId]);
      const extra = Math.max(0, sizes.notes - 3);
      await copyRows(m, 'case_note', `src.tenant_id = $1 AND src.id = $2`, [t, note?.id], extra, { created_at: `src.created_at - g * interval '1 day'`, updated_at: `src.updated_at - g * interval '1 day'`, signed_at: `src.signed_at - g * interval '1 day'` });
      const times = sizes.cases - 1;
      const caseRows = `src.tenant_id = $1 AND src.case_id = $2`;
      await copyRows(m, 'patient', `src.tenant_id = $1 AND src.id = $2`, [t, template.patientId], times, { id: copyOf('id'), mrn: `src.mrn || '-' || g` });
      await copyRows(m, 'clinical_case', `src.tenant_id = $1 AND src.id = $2`, [t, template.caseId], times, { id: copyOf('id'), patient_id: copyOf('patient_id') });
      await copyRows(m, 'care_team_member', caseRows, [t, template.caseId], times, { id: copyOf('id'), case_id: copyOf('case_id') });
      await copyRows(m, 'treatment_session', caseRows, [t, template.caseId], times, { id: copyOf('id'), case_id: copyOf('case_id') });
      await copyRows(m, 'vitals_reading', `src.tenant_id = $1 AND src.session_id IN (SELECT id FROM treatment_session WHERE tenant_id = $1 AND case_id = $2)`, [t, template.caseId], times, { id: copyOf('id'), session_id: copyOf('session_id') });
      await copyRows(m, 'measure_response', caseRows, [t, template.caseId], times, { id: copyOf('id'), case_id: copyOf('case_id') });
      await copyRows(m, 'case_note', caseRows, [t, template.caseId], times, { id: copyOf('id'), case_id: copyOf('case_id'), session_id: copyOf('session_id') });
      await copyRows(m, 'follow_up', caseRows, [t, template.caseId], times, { id: copyOf('id'), case_id: copyOf('case_id'), rule_key: `src.rule_key || '-' || g` });
      const cases = await m.query<{ id: string }[]>(`SELECT id FROM clinical_case WHERE tenant_id = $1 ORDER BY id`, [t]);
      return { caseIds: cases.map((row) => row.id) };
    });
    clinics.push({ ...template, ...seeded });
  }
  return clinics;
}
