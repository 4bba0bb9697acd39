import { Authorize, canReadField } from '@tandem/authz';
import type { ResolverContext } from '@tandem/authz';
import type { Database } from '@tandem/db';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { credentialBlocksOfSessions } from '../sessions/credential-blocks.loader';
import type { SessionView } from '../sessions/session.service';
import { SessionCredentialBlockType } from './session-credentials.types';
import { SessionType } from './session.types';

/** "Blocked: credential expires" on scheduled dosing sessions (docs/credentials.md). */
@Resolver(() => SessionType)
export class SessionCredentialsResolver {
  constructor(private readonly db: Database) {}

  @FieldResolver(() => [SessionCredentialBlockType], {
    nullable: true,
    description: 'Scheduled dosing sessions ahead: participants whose credential expires before the session (empty: not blocked). Null when hidden from you.',
  })
  @Authorize('read', 'TreatmentSession')
  credentialBlocks(@Ctx() { ctx }: ResolverContext, @Root() session: SessionView) {
    return canReadField(ctx, 'TreatmentSession', session, 'credentialBlocks') ? credentialBlocksOfSessions(ctx, this.db).load(session.id) : null;
  }
}
