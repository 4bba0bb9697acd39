import { blocksOfSessions } from '@tandem/credentials';
import type { CredentialBlock } from '@tandem/credentials';
import type { RequestContext } from '@tandem/core';
import type { Database } from '@tandem/db';
import { loaderFor } from '@tandem/graphql';
import DataLoader from 'dataloader';

/**
 * "Blocked: credential expires", by session id: one batch of statements per request whatever the
 * number of sessions (services/credentials blocksOfSessions). Only asked for sessions whose
 * `credentialBlocks` the actor may read.
 */
export function credentialBlocksOfSessions(ctx: RequestContext, db: Database): DataLoader<string, CredentialBlock[]> {
  return loaderFor(ctx, 'treatment.sessionCredentialBlocks', () =>
    new DataLoader<string, CredentialBlock[]>(async (sessionIds) => {
      const blocks = await db.withTenant(ctx, (m) => blocksOfSessions(m, ctx.clock.now(), sessionIds));
      return sessionIds.map((id) => blocks.filter((block) => block.sessionId === id));
    }),
  );
}
