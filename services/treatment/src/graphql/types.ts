import { DateTimeISOResolver, JSONObjectResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum ScreeningOutcomeEnum { ELIGIBLE = 'ELIGIBLE', NEEDS_REVIEW = 'NEEDS_REVIEW', INELIGIBLE = 'INELIGIBLE' }
registerEnumType(ScreeningOutcomeEnum, { name: 'ScreeningOutcome', description: 'Computed: INELIGIBLE if an absolute contraindication is present, NEEDS_REVIEW if a relative one is.' });

export enum InteractionClassEnum {
  BENZODIAZEPINE_OR_SEDATIVE = 'BENZODIAZEPINE_OR_SEDATIVE',
  OPIOID = 'OPIOID',
  PSYCHOSTIMULANT = 'PSYCHOSTIMULANT',
  MAOI = 'MAOI',
  NONE = 'NONE',
}
registerEnumType(InteractionClassEnum, { name: 'InteractionClass', description: 'How a medicine interacts with ketamine; each class but NONE ticks its checklist item.' });

export enum ConsentMethodEnum { IN_PERSON = 'IN_PERSON', ELECTRONIC = 'ELECTRONIC', TELEHEALTH_VERBAL = 'TELEHEALTH_VERBAL' }
registerEnumType(ConsentMethodEnum, { name: 'ConsentMethod' });

@ObjectType('Contraindication')
export class ContraindicationType {
  @Field(() => String) code!: string;
  @Field(() => String) label!: string;
  @Field(() => String, { description: 'ABSOLUTE blocks dosing; RELATIVE needs a written override at clearance.' }) severity!: string;
}

@ObjectType('Medication')
export class MedicationType {
  @Field(() => String) name!: string;
  @Field(() => InteractionClassEnum) interactionClass!: InteractionClassEnum;
}

@ObjectType('BaselineVitals')
export class BaselineVitalsType {
  @Field(() => Int) systolic!: number;
  @Field(() => Int) diastolic!: number;
  @Field(() => Int, { nullable: true }) heartRate!: number | null;
  @Field(() => Int, { nullable: true }) spo2!: number | null;
}

@ObjectType('Screening', { description: 'Clinical content: the care team only.' })
export class ScreeningType {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true }) caseId!: string | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) performedAt!: Date | null;
  @Field(() => ScreeningOutcomeEnum, { nullable: true }) outcome!: ScreeningOutcomeEnum | null;
  @Field(() => [String], { nullable: true }) presentAbsolute!: string[] | null;
  @Field(() => [String], { nullable: true }) presentRelative!: string[] | null;
  @Field(() => JSONObjectResolver, { nullable: true, description: 'Checklist code → present.' }) answers!: Record<string, boolean> | null;
  @Field(() => [String], { nullable: true }) medicalHistory!: string[] | null;
  @Field(() => [MedicationType], { nullable: true }) medications!: MedicationType[] | null;
  @Field(() => BaselineVitalsType, { nullable: true }) baselineVitals!: BaselineVitalsType | null;
}

@ObjectType('ContraindicationOverride')
export class OverrideType {
  @Field(() => String) code!: string;
  @Field(() => String) reason!: string;
}

@ObjectType('MedicalClearance')
export class ClearanceType {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true }) caseId!: string | null;
  @Field(() => ID, { nullable: true }) screeningId!: string | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) grantedAt!: Date | null;
  @Field(() => ID, { nullable: true, description: 'The prescriber (membership) who cleared.' }) grantedBy!: string | null;
  @Field(() => [OverrideType], { nullable: true }) overrides!: OverrideType[] | null;
}

@ObjectType('ConsentDocument')
export class ConsentDocumentType {
  @Field(() => ID) id!: string;
  @Field(() => String) title!: string;
  @Field(() => Int) version!: number;
  @Field(() => String) body!: string;
  @Field(() => DateTimeISOResolver) createdAt!: Date;
}

@ObjectType('Consent', { description: "A patient's signed consent. Staff on the team see its status, not the revocation reason." })
export class ConsentType {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true }) caseId!: string | null;
  @Field(() => ID, { nullable: true }) documentId!: string | null;
  @Field(() => String, { nullable: true }) documentTitle!: string | null;
  @Field(() => Int, { nullable: true }) documentVersion!: number | null;
  @Field(() => String, { nullable: true }) signerName!: string | null;
  @Field(() => String, { nullable: true }) witnessName!: string | null;
  @Field(() => ConsentMethodEnum, { nullable: true }) method!: ConsentMethodEnum | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) signedAt!: Date | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) revokedAt!: Date | null;
  @Field(() => String, { nullable: true }) revocationReason!: string | null;
}

@InputType()
export class ScreeningAnswerInput {
  @Field(() => String) code!: string;
  @Field(() => Boolean) present!: boolean;
}

@InputType()
export class BaselineVitalsInput {
  @Field(() => Int) systolic!: number;
  @Field(() => Int) diastolic!: number;
  @Field(() => Int, { nullable: true }) heartRate?: number | null;
  @Field(() => Int, { nullable: true }) spo2?: number | null;
}

@InputType()
export class MedicationInput {
  @Field(() => String) name!: string;
  @Field(() => InteractionClassEnum) interactionClass!: InteractionClassEnum;
}

@InputType()
export class RecordScreeningInput {
  @Field(() => [ScreeningAnswerInput], { description: 'Every item of the checklist, present or not.' }) answers!: ScreeningAnswerInput[];
  @Field(() => [String], { nullable: true, description: 'Relevant medical history, one item each.' }) medicalHistory?: string[] | null;
  @Field(() => [MedicationInput], { nullable: true, description: 'Current medicines; interacting classes tick their checklist item.' }) medications?: MedicationInput[] | null;
  @Field(() => BaselineVitalsInput) baselineVitals!: BaselineVitalsInput;
}

@InputType()
export class OverrideInput {
  @Field(() => String) code!: string;
  @Field(() => String, { description: 'Why it is safe to proceed despite this relative contraindication.' }) reason!: string;
}

@InputType()
export class RecordConsentInput {
  @Field(() => ID) documentId!: string;
  @Field(() => String) signerName!: string;
  @Field(() => String, { nullable: true }) witnessName?: string | null;
  @Field(() => ConsentMethodEnum) method!: ConsentMethodEnum;
}
