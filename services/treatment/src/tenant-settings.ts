import { effectiveSettings } from '@tandem/accounts';
import type { TenantSettings } from '@tandem/accounts';
import type { EntityManager } from '@tandem/db';

/** The current clinic's settings (dose ranges, vitals thresholds, monitoring time, time zone). */
export async function clinicSettings(m: EntityManager): Promise<TenantSettings> {
  const [tenant] = await m.query<{ settings: unknown }[]>(`SELECT settings FROM tenant WHERE id = app.current_tenant()`);
  return effectiveSettings(tenant?.settings ?? {});
}
