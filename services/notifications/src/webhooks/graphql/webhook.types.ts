import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';

@ObjectType('WebhookEndpoint', { description: 'Where a partner receives signed event notifications (ids only).' })
export class WebhookEndpointType {
  @Field(() => ID) id!: string;
  @Field(() => String) url!: string;
  @Field(() => [String], { description: 'Subscribed event types (see webhookEventTypes).' }) eventTypes!: string[];
  @Field(() => String, { description: 'ACTIVE or DISABLED.' }) status!: string;
  @Field(() => String, { nullable: true, description: 'FAILING (retries ran out) or BY_REQUEST.' }) disabledReason!: string | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) disabledAt!: Date | null;
  @Field(() => DateTimeISOResolver) createdAt!: Date;
}

@ObjectType('WebhookEndpointWithSecret', { description: 'An endpoint and its signing secret, shown only this once.' })
export class WebhookEndpointWithSecretType {
  @Field(() => WebhookEndpointType) endpoint!: WebhookEndpointType;
  @Field(() => String, { description: 'whsec_…: verify the webhook-signature header with it (Standard Webhooks).' }) secret!: string;
}

@ObjectType('WebhookAttempt', { description: 'One HTTP attempt to deliver an event to an endpoint.' })
export class WebhookAttemptType {
  @Field(() => ID) id!: string;
  @Field(() => ID) endpointId!: string;
  @Field(() => String, { description: 'The webhook-id header: the same on every retry of one event.' }) webhookId!: string;
  @Field(() => String) eventType!: string;
  @Field(() => Int, { description: '1 for the first attempt.' }) attempt!: number;
  @Field(() => DateTimeISOResolver) attemptedAt!: Date;
  @Field(() => Int, { nullable: true, description: 'The HTTP status answered, if any.' }) statusCode!: number | null;
  @Field(() => String, { nullable: true, description: 'Why there was no answer: TIMEOUT, DNS, CONNECTION, TLS, REFUSED_ADDRESS, ...' }) error!: string | null;
  @Field(() => Int) durationMs!: number;
}

@InputType()
export class RegisterWebhookEndpointInput {
  @Field(() => String, { description: 'An https URL on the public internet.' }) url!: string;
  @Field(() => [String], { description: 'One or more of webhookEventTypes.' }) eventTypes!: string[];
}
