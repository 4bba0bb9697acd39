import { DateTimeISOResolver, JSONObjectResolver } from 'graphql-scalars';
import { Field, InputType } from 'type-graphql';
import { ClinicRoleEnum } from './types';

@InputType()
export class SignInInput {
  @Field(() => String) email!: string;
  @Field(() => String) password!: string;
  @Field(() => String, { nullable: true, description: "The clinic's slug; defaults to your first clinic." }) clinic?: string | null;
}

@InputType()
export class VerifyMfaInput {
  @Field(() => String) challengeToken!: string;
  @Field(() => String, { nullable: true, description: 'The six-digit code from the authenticator app.' }) code?: string | null;
  @Field(() => String, { nullable: true, description: 'Or one unused recovery code.' }) recoveryCode?: string | null;
}

@InputType()
export class CreateClinicInput {
  @Field(() => String) name!: string;
  @Field(() => String, { description: '3–63 lower-case letters, digits and single hyphens; unique.' }) slug!: string;
  @Field(() => String, { description: 'Receives the invitation to be the first admin.' }) adminEmail!: string;
  @Field(() => String, { nullable: true, description: 'IANA time zone, e.g. America/Chicago.' }) timezone?: string | null;
}

@InputType()
export class UpdateClinicInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => JSONObjectResolver, { nullable: true, description: 'A partial change, merged over the current settings and validated whole.' })
  settings?: Record<string, unknown> | null;
}

@InputType()
export class InviteMemberInput {
  @Field(() => String) email!: string;
  @Field(() => [ClinicRoleEnum]) roles!: ClinicRoleEnum[];
  @Field(() => Boolean, { nullable: true, description: 'A clinician from another practice, admitted to named cases only.' }) outsideCollaborator?: boolean | null;
}

@InputType()
export class AcceptInvitationInput {
  @Field(() => String) token!: string;
  @Field(() => String, { description: 'A new password, or the password of your existing Tandem account.' }) password!: string;
  @Field(() => String, { nullable: true, description: 'Required when you have no Tandem account yet.' }) displayName?: string | null;
}

@InputType()
export class CreateApiKeyInput {
  @Field(() => String) label!: string;
  @Field(() => [String], { description: 'e.g. tenant:read, members:read, cases:read (docs/permissions.md).' }) scopes!: string[];
  @Field(() => DateTimeISOResolver, { nullable: true }) expiresAt?: Date | null;
}
