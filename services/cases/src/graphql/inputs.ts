import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, InputType } from 'type-graphql';
import { CaseStatusEnum, IndicationEnum, SexEnum } from './types';

@InputType()
export class RegisterPatientInput {
  @Field(() => String, { description: 'Unique within the clinic.' }) mrn!: string;
  @Field(() => String) givenName!: string;
  @Field(() => String) familyName!: string;
  @Field(() => String, { description: 'YYYY-MM-DD, not in the future.' }) dateOfBirth!: string;
  @Field(() => SexEnum) sex!: SexEnum;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true }) emergencyContactName?: string | null;
  @Field(() => String, { nullable: true }) emergencyContactPhone?: string | null;
  @Field(() => String, { nullable: true, description: 'US state code where the patient is treated; the dose gate needs the prescriber licensed there.' }) state?: string | null;
}

@InputType()
export class UpdatePatientInput {
  @Field(() => String, { nullable: true }) mrn?: string;
  @Field(() => String, { nullable: true }) givenName?: string;
  @Field(() => String, { nullable: true }) familyName?: string;
  @Field(() => String, { nullable: true }) dateOfBirth?: string;
  @Field(() => SexEnum, { nullable: true }) sex?: SexEnum;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true }) emergencyContactName?: string | null;
  @Field(() => String, { nullable: true }) emergencyContactPhone?: string | null;
  @Field(() => String, { nullable: true, description: 'US state code where the patient is treated; the dose gate needs the prescriber licensed there.' }) state?: string | null;
}

@InputType()
export class OpenCaseInput {
  @Field(() => String) patientId!: string;
  @Field(() => IndicationEnum) indication!: IndicationEnum;
  @Field(() => String, { nullable: true, description: 'Required when indication is OTHER.' }) indicationOther?: string | null;
  @Field(() => String, { nullable: true }) referralSource?: string | null;
}

@InputType()
export class CaseFilterInput {
  @Field(() => [CaseStatusEnum], { nullable: true }) statuses?: CaseStatusEnum[] | null;
  @Field(() => IndicationEnum, { nullable: true }) indication?: IndicationEnum | null;
  @Field(() => String, { nullable: true, description: 'Cases whose care team includes this membership.' }) teamMemberId?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Cases whose care team includes you.' }) mine?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Newest first (default: oldest first).' }) newestFirst?: boolean | null;
  @Field(() => DateTimeISOResolver, { nullable: true, description: 'Cases whose status or details changed at or after this time.' }) updatedSince?: Date | null;
}
