import type { SecretBox } from '@tandem/accounts';
import type { Database } from '@tandem/db';
import { InboxResolver } from './graphql/inbox.resolver';
import { InboxService } from './inbox.service';
import { PreferencesResolver } from './graphql/preferences.resolver';
import { PreferencesService } from './preferences.service';
import { WebhookEndpointService, WebhookResolver } from './webhooks';
import type { NetworkPolicy } from './webhooks';

export { deliveryHandler } from './deliver';
export type { DeliveryDeps } from './deliver';
export { smtpMailer } from './email/mailer';
export type { Mailer } from './email/mailer';
export { NOTIFICATION_KINDS, REQUIRED_KINDS } from './kinds';
export type { NotificationKind } from './kinds';
export { deliverAlert, notify } from './notify';
export type { Alert } from './notify';
export { NURSES, PRESCRIBERS, THERAPISTS, careTeamWith, clinicAdmins } from './recipients';
export { safetyAlertBacklog } from './safety-alert-backlog';
export { SAFETY_REPEAT_JOB, SAFETY_REPEAT_MINUTES, safetyRepeatJob } from './safety-repeat';
export * from './webhooks';

export const NOTIFICATION_RESOLVERS = [InboxResolver, PreferencesResolver, WebhookResolver] as const;

export interface NotificationDeps {
  /** Seals webhook signing secrets at rest (the data encryption key). */
  readonly secrets: SecretBox;
  /** Whether webhook URLs may point at private networks (tests and local development only). */
  readonly webhooks: NetworkPolicy;
}

export function createNotifications(db: Database, deps: NotificationDeps): { resolvers: readonly object[] } {
  return {
    resolvers: [
      new InboxResolver(new InboxService(db)),
      new PreferencesResolver(new PreferencesService(db)),
      new WebhookResolver(new WebhookEndpointService(db, deps.secrets, deps.webhooks)),
    ],
  };
}
