import { Authorize, canReadField } from '@tandem/authz';
import type { ResolverContext } from '@tandem/authz';
import type { Database } from '@tandem/db';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SessionView } from '../sessions/session.service';
import { vitalsOfSessions } from '../sessions/vitals.loader';
import { SessionType, VitalsReadingType } from './session.types';

/** A session's vitals readings, for those who may read its `vitals` field (the care team's clinicians). */
@Resolver(() => SessionType)
export class SessionVitalsResolver {
  constructor(private readonly db: Database) {}

  @FieldResolver(() => [VitalsReadingType], { nullable: true, description: 'Readings in the order taken; null when hidden from you.' })
  @Authorize('read', 'TreatmentSession')
  vitals(@Ctx() { ctx }: ResolverContext, @Root() session: SessionView) {
    return canReadField(ctx, 'TreatmentSession', session, 'vitals') ? vitalsOfSessions(ctx, this.db).load(session.id) : null;
  }
}
