import { Authorize } from '@tandem/authz';
import type { ResolverContext } from '@tandem/authz';
import { PageInput, connectionOf, toConnection } from '@tandem/graphql';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { WebhookEndpointService } from '../endpoint.service';
import { WEBHOOK_EVENT_TYPES } from '../event-types';
import { RegisterWebhookEndpointInput, WebhookAttemptType, WebhookEndpointType, WebhookEndpointWithSecretType } from './webhook.types';

const WebhookEndpointConnection = connectionOf(WebhookEndpointType, 'WebhookEndpoint');
const WebhookAttemptConnection = connectionOf(WebhookAttemptType, 'WebhookAttempt');

@Resolver()
export class WebhookResolver {
  constructor(private readonly endpoints: WebhookEndpointService) {}

  @Query(() => [String], { description: 'The event types an endpoint may subscribe to.' })
  @Authorize('read', 'WebhookEndpoint')
  // Takes the context only for @Authorize's check.
  webhookEventTypes(@Ctx() _context: ResolverContext): string[] {
    return [...WEBHOOK_EVENT_TYPES];
  }

  @Query(() => WebhookEndpointConnection, { description: "The clinic's webhook endpoints." })
  @Authorize('read', 'WebhookEndpoint')
  async webhookEndpoints(@Ctx() { ctx }: ResolverContext, @Arg('page', () => PageInput) page: PageInput) {
    return toConnection(await this.endpoints.list(ctx, page));
  }

  @Query(() => WebhookAttemptConnection, { description: "An endpoint's delivery attempts, newest first." })
  @Authorize('read', 'WebhookAttempt')
  async webhookAttempts(@Ctx() { ctx }: ResolverContext, @Arg('endpointId', () => ID) endpointId: string, @Arg('page', () => PageInput) page: PageInput) {
    return toConnection(await this.endpoints.attempts(ctx, endpointId, page));
  }

  @Mutation(() => WebhookEndpointWithSecretType, { description: 'Registers an endpoint; the signing secret is returned only here.' })
  @Authorize('create', 'WebhookEndpoint')
  registerWebhookEndpoint(@Ctx() { ctx }: ResolverContext, @Arg('input', () => RegisterWebhookEndpointInput) input: RegisterWebhookEndpointInput) {
    return this.endpoints.register(ctx, input);
  }

  @Mutation(() => WebhookEndpointType)
  @Authorize('update', 'WebhookEndpoint')
  disableWebhookEndpoint(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string) {
    return this.endpoints.disable(ctx, id);
  }

  @Mutation(() => WebhookEndpointType)
  @Authorize('update', 'WebhookEndpoint')
  enableWebhookEndpoint(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string) {
    return this.endpoints.enable(ctx, id);
  }

  @Mutation(() => WebhookEndpointWithSecretType, { description: 'Replaces the signing secret at once; the new one is returned only here.' })
  @Authorize('rotate', 'WebhookEndpoint')
  rotateWebhookSecret(@Ctx() { ctx }: ResolverContext, @Arg('id', () => ID) id: string) {
    return this.endpoints.rotateSecret(ctx, id);
  }
}
