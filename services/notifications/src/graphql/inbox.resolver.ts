import { Authorize } from '@tandem/authz';
import type { ResolverContext } from '@tandem/authz';
import { PageInput, connectionOf, toConnection } from '@tandem/graphql';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { InboxService } from '../inbox.service';
import { NOTIFICATION_KINDS } from '../kinds';

@ObjectType('Notification', { description: 'An inbox entry: what happened and to which record (ids only; open the record to read it).' })
export class NotificationType {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: NOTIFICATION_KINDS.join(', ') }) kind!: string;
  @Field(() => String) subjectType!: string;
  @Field(() => ID) subjectId!: string;
  @Field(() => ID, { nullable: true }) caseId!: string | null;
  @Field(() => DateTimeISOResolver) createdAt!: Date;
  @Field(() => DateTimeISOResolver, { nullable: true }) readAt!: Date | null;
}
const NotificationConnection = connectionOf(NotificationType, 'Notification');

@Resolver()
export class InboxResolver {
  constructor(private readonly inboxService: InboxService) {}

  @Query(() => NotificationConnection, { description: 'Your inbox in this clinic, newest first.' })
  @Authorize('read', 'User')
  async inbox(@Ctx() { ctx }: ResolverContext, @Arg('page', () => PageInput) page: PageInput) {
    return toConnection(await this.inboxService.list(ctx, page));
  }

  @Query(() => Int)
  @Authorize('read', 'User')
  unreadNotificationCount(@Ctx() { ctx }: ResolverContext) {
    return this.inboxService.unreadCount(ctx);
  }

  @Mutation(() => NotificationType)
  @Authorize('read', 'User')
  markNotificationRead(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string) {
    return this.inboxService.markRead(ctx, id);
  }
}
