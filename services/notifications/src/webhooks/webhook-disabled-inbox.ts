import type { EntityManager } from '@tandem/db';
import { notify } from '../notify';
import { clinicAdmins } from '../recipients';

/**
 * Tells the clinic's active admins, in their inbox, that an endpoint was disabled after failing
 * for the whole retry window. Once per disabling: the cause is the delivery that gave up.
 * (In-app only: the webhook processor holds no mailer; the admin sees it at the next sign-in.)
 */
export async function notifyAdminsEndpointDisabled(m: EntityManager, e: { tenantId: string; endpointId: string; deliveryId: string }): Promise<void> {
  const alert = { tenantId: e.tenantId, kind: 'WEBHOOK_DISABLED', subjectType: 'WebhookEndpoint', subjectId: e.endpointId, caseId: null, recipients: await clinicAdmins(m), cause: `webhook-disabled.${e.deliveryId}` } as const;
  await notify(m, alert, { email: false });
}
