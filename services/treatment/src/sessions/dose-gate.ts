import { missingFor } from '@tandem/credentials';
import { ForbiddenError } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import type { EntityManager } from '@tandem/db';
import { actingMember } from '../shared';
import { clinicSettings } from '../tenant-settings';

/**
 * The prescriber dose gate (docs/credentials.md): whoever records a dose holds a verified,
 * unexpired licence in the patient's state and a verified DEA registration. FORBIDDEN naming
 * what is missing in `extensions.unmet`, as the case lifecycle names its requirements. Applies
 * where the clinic has turned `settings.credentials.enforceGates` on (off by default, so
 * existing clinics keep dosing while they enter and verify their credentials).
 */
export async function assertDoseGate(m: EntityManager, ctx: RequestContext, patientId: string): Promise<void> {
  if (!(await clinicSettings(m)).credentials.enforceGates) return;
  const [patient] = await m.query<{ state: string | null }[]>(`SELECT state FROM patient WHERE id = $1`, [patientId]);
  const unmet = await missingFor(m, ctx.clock.now(), actingMember(ctx), 'PRESCRIBER', patient?.state ?? null);
  if (unmet.length > 0) throw new ForbiddenError(`Not yet cleared to record a dose: ${unmet.join(', ')}`, { reason: 'CREDENTIALS', unmet });
}
