import { connectionOf } from '@tandem/graphql';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum EmergencyReviewOutcomeEnum { ACCEPTED = 'ACCEPTED', FLAGGED = 'FLAGGED' }
registerEnumType(EmergencyReviewOutcomeEnum, { name: 'EmergencyReviewOutcome', description: "An admin's verdict on an emergency access: accepted, or flagged for follow-up (with a note)." });

export enum EmergencyReviewStatusEnum { PENDING = 'PENDING', REVIEWED = 'REVIEWED' }
registerEnumType(EmergencyReviewStatusEnum, { name: 'EmergencyReviewStatus' });

@ObjectType('EmergencyAccess', {
  description: "Break the glass: an off-team clinician's time-limited read of one case, with its reason, until an admin reviews it. Read-only; psychotherapy notes stay their author's.",
})
export class EmergencyAccessType {
  @Field(() => ID) id!: string;
  @Field(() => ID) caseId!: string;
  @Field(() => ID, { description: 'The membership of the clinician who asked.' }) membershipId!: string;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => DateTimeISOResolver) grantedAt!: Date;
  @Field(() => DateTimeISOResolver, { description: 'The first instant the grant no longer admits its holder.' }) expiresAt!: Date;
  @Field(() => Boolean, { description: 'Still admits its holder now.' }) active!: boolean;
  @Field(() => EmergencyReviewOutcomeEnum, { nullable: true, description: 'Null until an admin reviews it.' }) reviewOutcome!: EmergencyReviewOutcomeEnum | null;
  @Field(() => ID, { nullable: true }) reviewedBy!: string | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) reviewedAt!: Date | null;
  @Field(() => String, { nullable: true }) reviewNote!: string | null;
}
export const EmergencyAccessConnection = connectionOf(EmergencyAccessType, 'EmergencyAccess');
