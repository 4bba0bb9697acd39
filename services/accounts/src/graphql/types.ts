import { DateTimeISOResolver, JSONObjectResolver } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { connectionOf } from '@tandem/graphql';

export enum ClinicRoleEnum {
  ADMIN = 'ADMIN',
  PRESCRIBER = 'PRESCRIBER',
  THERAPIST = 'THERAPIST',
  NURSE = 'NURSE',
  STAFF = 'STAFF',
}
registerEnumType(ClinicRoleEnum, { name: 'ClinicRole', description: 'What a member does in the clinic.' });

export enum MembershipStatus {
  ACTIVE = 'ACTIVE',
  DEACTIVATED = 'DEACTIVATED',
}
registerEnumType(MembershipStatus, { name: 'MembershipStatus' });

@ObjectType('Clinic', { description: 'A clinic: one tenant of Tandem. Fields you may not read are null.' })
export class ClinicType {
  @Field(() => ID) id!: string;
  @Field(() => String) slug!: string;
  @Field(() => String) name!: string;
  @Field(() => JSONObjectResolver, { nullable: true, description: 'Time zone, automatic logoff, MFA requirement, vitals thresholds, dose ranges, reminder policy (docs/accounts.md).' })
  settings!: Record<string, unknown> | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) createdAt!: Date | null;
}

@ObjectType('Membership', { description: "A person's place in a clinic. Fields you may not read are null." })
export class MembershipType {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true }) userId!: string | null;
  @Field(() => [ClinicRoleEnum], { nullable: true }) roles!: ClinicRoleEnum[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Admitted to named cases only.' }) outsideCollaborator!: boolean | null;
  @Field(() => MembershipStatus, { nullable: true }) status!: MembershipStatus | null;
  @Field(() => String, { nullable: true }) displayName!: string | null;
  @Field(() => String, { nullable: true, description: 'Admins only.' }) email!: string | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) createdAt!: Date | null;
}
export const MembershipConnection = connectionOf(MembershipType, 'Membership');

@ObjectType('Invitation')
export class InvitationType {
  @Field(() => ID) id!: string;
  @Field(() => String) email!: string;
  @Field(() => [ClinicRoleEnum]) roles!: ClinicRoleEnum[];
  @Field(() => Boolean) outsideCollaborator!: boolean;
  @Field(() => DateTimeISOResolver) expiresAt!: Date;
  @Field(() => DateTimeISOResolver, { nullable: true }) acceptedAt!: Date | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) revokedAt!: Date | null;
  @Field(() => DateTimeISOResolver) createdAt!: Date;
}
export const InvitationConnection = connectionOf(InvitationType, 'Invitation');

@ObjectType('CreatedInvitation', { description: 'The token is shown once: send it to the invitee.' })
export class CreatedInvitationType {
  @Field(() => InvitationType) invitation!: InvitationType;
  @Field(() => String) token!: string;
}

@ObjectType('ApiKey', { description: 'A partner API key, without its secret.' })
export class ApiKeyType {
  @Field(() => ID) id!: string;
  @Field(() => String) label!: string;
  @Field(() => [String]) scopes!: string[];
  @Field(() => String, { description: 'Enough of the key to recognise it.' }) prefix!: string;
  @Field(() => DateTimeISOResolver, { nullable: true }) expiresAt!: Date | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) revokedAt!: Date | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) lastUsedAt!: Date | null;
  @Field(() => DateTimeISOResolver) createdAt!: Date;
}
export const ApiKeyConnection = connectionOf(ApiKeyType, 'ApiKey');

@ObjectType('CreatedApiKey', { description: 'The secret is shown once and never again.' })
export class CreatedApiKeyType {
  @Field(() => ApiKeyType) apiKey!: ApiKeyType;
  @Field(() => String) secret!: string;
}

@ObjectType('CreatedClinic', { description: "The first admin's invitation token is shown once." })
export class CreatedClinicType {
  @Field(() => ClinicType) clinic!: ClinicType;
  @Field(() => InvitationType) adminInvitation!: InvitationType;
  @Field(() => String) invitationToken!: string;
}

@ObjectType('SessionTokens', { description: 'Use accessToken as a Bearer token; exchange refreshToken before it ends.' })
export class SessionTokensType {
  @Field(() => String) accessToken!: string;
  @Field(() => DateTimeISOResolver) accessTokenExpiresAt!: Date;
  @Field(() => String, { description: 'Single use: each refresh returns a new one; reusing an old one ends the session.' }) refreshToken!: string;
  @Field(() => DateTimeISOResolver, { description: 'Absolute end of the session.' }) sessionExpiresAt!: Date;
  @Field(() => ID) clinicId!: string;
}

@ObjectType('ClinicChoice')
export class ClinicChoiceType {
  @Field(() => ID) id!: string;
  @Field(() => String) slug!: string;
  @Field(() => String) name!: string;
}

@ObjectType('SignInResult', { description: 'Either tokens, or (with MFA on) a challenge to answer with verifyMfa.' })
export class SignInResultType {
  @Field(() => SessionTokensType, { nullable: true }) tokens!: SessionTokensType | null;
  @Field(() => Boolean) mfaRequired!: boolean;
  @Field(() => String, { nullable: true, description: 'Valid for five minutes.' }) mfaChallengeToken!: string | null;
  @Field(() => [ClinicChoiceType], { description: "The clinics this account belongs to (for switchTenant)." }) clinics!: ClinicChoiceType[];
}

@ObjectType('MfaEnrolment', { description: 'Add the secret to an authenticator app, then confirm with a code.' })
export class MfaEnrolmentType {
  @Field(() => String) secret!: string;
  @Field(() => String) otpauthUri!: string;
}

@ObjectType('Viewer', { description: 'Who is signed in, where, and whether a second factor is still owed.' })
export class ViewerType {
  @Field(() => ID) userId!: string;
  @Field(() => ID) clinicId!: string;
  @Field(() => ID) membershipId!: string;
  @Field(() => [ClinicRoleEnum]) roles!: ClinicRoleEnum[];
  @Field(() => Boolean) outsideCollaborator!: boolean;
  @Field(() => Boolean, { description: 'False while the clinic requires MFA and this session has not passed it.' }) mfaSatisfied!: boolean;
}
