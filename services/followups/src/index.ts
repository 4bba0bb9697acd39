import type { Database } from '@tandem/db';
import { FollowUpService } from './followup.service';
import { FollowUpResolver } from './graphql/followup.resolver';

export { careRuleHandler } from './care-rules';

export const FOLLOW_UP_RESOLVERS = [FollowUpResolver] as const;

export function createFollowUps(db: Database): { resolvers: readonly object[] } {
  return { resolvers: [new FollowUpResolver(new FollowUpService(db))] };
}
