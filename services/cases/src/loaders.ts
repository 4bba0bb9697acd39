import type { RequestContext } from '@tandem/core';
import { canSee, conditionsRead, readableView, withConditionFields } from '@tandem/authz';
import { keyFilter } from '@tandem/db';
import type { Database } from '@tandem/db';
import { loaderFor } from '@tandem/graphql';
import DataLoader from 'dataloader';
import { activeTeams } from './care-team/care-team-record';
import type { CareTeamMemberView } from './care-team/care-team-record';
import { auditPatientReads } from './patients/audit-reads';
import { PATIENT_POLICY_FIELDS, findPatients, patientColumnsKey } from './patients/patient-record';
import type { PatientView } from './patients/patient-record';

/** Active care teams by case id: one statement per request, whatever the page size. */
export function careTeams(ctx: RequestContext, db: Database): DataLoader<string, CareTeamMemberView[]> {
  return loaderFor(
    ctx,
    'cases.careTeams',
    () =>
      new DataLoader<string, CareTeamMemberView[]>(async (caseIds) => {
        const teams = await db.withTenant(ctx, (m) => activeTeams(m, caseIds));
        return caseIds.map((id) => teams.get(id) ?? []);
      }),
  );
}

/**
 * Patients by id as the actor may see them (null when they may not), with only the fields the
 * operation asks (`fields`, askedFields; absent: all): readers asking different fields are
 * batched apart, one statement each. A field not read is null in the view, so the audit does
 * not name it. Every field a rule's condition reads is read too (withConditionFields).
 */
export function patients(ctx: RequestContext, db: Database, asked?: ReadonlySet<string>): DataLoader<string, PatientView | null> {
  const fields = asked && withConditionFields(ctx, 'Patient', asked);
  return loaderFor(
    ctx,
    `cases.patients:${patientColumnsKey(fields)}`,
    () =>
      new DataLoader<string, PatientView | null>(async (ids) => {
        return db.withTenant(ctx, async (m) => {
          const keys = keyFilter('p.id', ids);
          const rows = await findPatients(m, keys.sql, [...keys.values], { policyColumns: conditionsRead(ctx, 'Patient', PATIENT_POLICY_FIELDS), fields });
          const visible = new Map(rows.filter((row) => canSee(ctx, 'Patient', row)).map((row) => [row.id, readableView(ctx, 'Patient', row)]));
          await auditPatientReads(m, ctx, [...visible.values()]);
          return ids.map((id) => visible.get(id) ?? null);
        });
      }),
  );
}
