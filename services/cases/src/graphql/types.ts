import { connectionOf } from '@tandem/graphql';
import { DateTimeISOResolver, JSONObjectResolver } from 'graphql-scalars';
import { Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum SexEnum { FEMALE = 'FEMALE', MALE = 'MALE', INTERSEX = 'INTERSEX', UNKNOWN = 'UNKNOWN' }
registerEnumType(SexEnum, { name: 'Sex' });

export enum IndicationEnum { MDD = 'MDD', TRD = 'TRD', PTSD = 'PTSD', GAD = 'GAD', OTHER = 'OTHER' }
registerEnumType(IndicationEnum, { name: 'Indication', description: 'Why ketamine-assisted therapy: major or treatment-resistant depression, PTSD, GAD, or other (described).' });

export enum CaseStatusEnum {
  REFERRAL = 'REFERRAL', SCREENING = 'SCREENING', AWAITING_CLEARANCE = 'AWAITING_CLEARANCE', AWAITING_CONSENT = 'AWAITING_CONSENT',
  PREPARATION = 'PREPARATION', DOSING = 'DOSING', INTEGRATION = 'INTEGRATION', MAINTENANCE = 'MAINTENANCE',
  CLOSED = 'CLOSED', ON_HOLD = 'ON_HOLD', WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(CaseStatusEnum, { name: 'CaseStatus' });

export enum CaseRoleEnum {
  PRESCRIBER_OF_RECORD = 'PRESCRIBER_OF_RECORD', LEAD_THERAPIST = 'LEAD_THERAPIST', CO_THERAPIST = 'CO_THERAPIST',
  MONITORING_NURSE = 'MONITORING_NURSE', COORDINATOR = 'COORDINATOR',
}
registerEnumType(CaseRoleEnum, { name: 'CaseRole', description: "A member's part on one case's care team." });

@ObjectType('Weight')
export class WeightType {
  @Field(() => Float) kg!: number;
  @Field(() => DateTimeISOResolver) measuredAt!: Date;
}

@ObjectType('Patient', { description: 'Demographics for everyone at the clinic; clinical fields (weight) for the care team. Hidden fields are null.' })
export class PatientType {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) mrn!: string | null;
  @Field(() => String, { nullable: true }) givenName!: string | null;
  @Field(() => String, { nullable: true }) familyName!: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) dateOfBirth!: string | null;
  @Field(() => SexEnum, { nullable: true }) sex!: SexEnum | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) emergencyContactName!: string | null;
  @Field(() => String, { nullable: true }) emergencyContactPhone!: string | null;
  @Field(() => String, { nullable: true, description: 'US state code where the patient is treated.' }) state!: string | null;
  @Field(() => WeightType, { nullable: true, description: 'The latest weight (doses in mg/kg read it).' }) weight!: WeightType | null;
}
export const PatientConnection = connectionOf(PatientType, 'Patient');

@ObjectType('CareTeamMember')
export class CareTeamMemberType {
  @Field(() => ID) id!: string;
  @Field(() => ID) membershipId!: string;
  @Field(() => CaseRoleEnum) caseRole!: CaseRoleEnum;
  @Field(() => String) displayName!: string;
  @Field(() => DateTimeISOResolver) addedAt!: Date;
}

@ObjectType('Case', { description: "A patient's course of ketamine-assisted therapy. Hidden fields are null." })
export class CaseType {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true }) patientId!: string | null;
  @Field(() => IndicationEnum, { nullable: true }) indication!: IndicationEnum | null;
  @Field(() => String, { nullable: true }) indicationOther!: string | null;
  @Field(() => String, { nullable: true }) referralSource!: string | null;
  @Field(() => CaseStatusEnum, { nullable: true }) status!: CaseStatusEnum | null;
  @Field(() => String, { nullable: true, description: 'The written reason of the latest hold, withdrawal or closing (care team only).' }) statusReason!: string | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) openedAt!: Date | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) closedAt!: Date | null;
}
export const CaseConnection = connectionOf(CaseType, 'Case');

@ObjectType('CaseEvent', { description: 'One entry of a case timeline: codes and ids, never narrative.' })
export class CaseEventType {
  @Field(() => ID) id!: string;
  @Field(() => String) kind!: string;
  @Field(() => ID, { nullable: true }) actorMembershipId!: string | null;
  @Field(() => DateTimeISOResolver) occurredAt!: Date;
  @Field(() => JSONObjectResolver) detail!: Record<string, unknown>;
}
export const CaseEventConnection = connectionOf(CaseEventType, 'CaseEvent');
