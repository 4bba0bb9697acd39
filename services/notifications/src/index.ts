import type { Database } from '@tandem/db';
import { InboxResolver } from './graphql/inbox.resolver';
import { InboxService } from './inbox.service';

export { inboxHandler } from './deliver';

export const NOTIFICATION_RESOLVERS = [InboxResolver] as const;

export function createNotifications(db: Database): { resolvers: readonly object[] } {
  return { resolvers: [new InboxResolver(new InboxService(db))] };
}
