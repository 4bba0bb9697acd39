import { Authorize } from '@tandem/authz';
import type { ResolverContext } from '@tandem/authz';
import { Arg, Ctx, Field, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { NOTIFICATION_KINDS } from '../kinds';
import type { PreferencesService } from '../preferences.service';

@ObjectType('NotificationPreference', { description: 'The channels you receive one kind of notification on, in this clinic.' })
export class NotificationPreferenceType {
  @Field(() => String, { description: NOTIFICATION_KINDS.join(', ') }) kind!: string;
  @Field(() => Boolean) inApp!: boolean;
  @Field(() => Boolean) email!: boolean;
  @Field(() => Boolean, { description: 'Safety alerts and vitals escalations cannot be turned off.' }) required!: boolean;
}

/** A member's own notification preferences: like the inbox, they belong to the signed-in user. */
@Resolver()
export class PreferencesResolver {
  constructor(private readonly preferences: PreferencesService) {}

  @Query(() => [NotificationPreferenceType], { description: 'Your channels for every kind of notification.' })
  @Authorize('read', 'User')
  notificationPreferences(@Ctx() { ctx }: ResolverContext) {
    return this.preferences.list(ctx);
  }

  @Mutation(() => NotificationPreferenceType)
  @Authorize('update', 'User')
  setNotificationPreference(
    @Ctx() { ctx }: ResolverContext,
    @Arg('kind', () => String) kind: string,
    @Arg('inApp', () => Boolean) inApp: boolean,
    @Arg('email', () => Boolean) email: boolean,
  ) {
    return this.preferences.set(ctx, kind, { inApp, email });
  }
}
