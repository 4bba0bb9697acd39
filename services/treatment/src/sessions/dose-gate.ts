import { missingFor } from '@tandem/credentials';
import { ForbiddenError } from '@tandem/core';
import type { RequestContext } from '@tandem/core';
import type { EntityManager } from '@tandem/db';
import { actingMember } from '../shared';

/**
 * The prescriber dose gate (docs/credentials.md): whoever orders (the treatment plan) or records a dose holds a verified,
 * unexpired licence in the patient's state and a verified DEA registration. FORBIDDEN naming
 * what is missing in `extensions.unmet`, as the case lifecycle names its requirements. Always
 * applies: no clinic setting lets an unlicensed prescriber order or give a dose.
 */
export async function assertDoseGate(m: EntityManager, ctx: RequestContext, patientId: string, act: 'order' | 'record' = 'record'): Promise<void> {
  const [patient] = await m.query<{ state: string | null }[]>(`SELECT state FROM patient WHERE id = $1`, [patientId]);
  const unmet = await missingFor(m, ctx.clock.now(), actingMember(ctx), 'PRESCRIBER', patient?.state ?? null);
  if (unmet.length > 0) throw new ForbiddenError(`Not yet cleared to ${act} a dose: ${unmet.join(', ')}`, { reason: 'CREDENTIALS', unmet });
}
