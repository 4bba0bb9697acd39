import { connectionOf } from '@tandem/graphql';
import { DateTimeISOResolver, JSONObjectResolver } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum RouteEnum { IV = 'IV', IM = 'IM', SUBLINGUAL = 'SUBLINGUAL', ORAL = 'ORAL', INTRANASAL_ESKETAMINE = 'INTRANASAL_ESKETAMINE' }
registerEnumType(RouteEnum, { name: 'Route' });
export enum DoseUnitEnum { MG_PER_KG = 'mg/kg', MG = 'mg' }
registerEnumType(DoseUnitEnum, { name: 'DoseUnit' });
export enum SessionKindEnum { PREPARATION = 'PREPARATION', DOSING = 'DOSING', INTEGRATION = 'INTEGRATION' }
registerEnumType(SessionKindEnum, { name: 'SessionKind' });
export enum SessionLocationEnum { IN_CLINIC = 'IN_CLINIC', TELEHEALTH = 'TELEHEALTH' }
registerEnumType(SessionLocationEnum, { name: 'SessionLocation' });
export enum ReadingPhaseEnum { PRE_DOSE = 'PRE_DOSE', DURING = 'DURING', PRE_DISCHARGE = 'PRE_DISCHARGE' }
registerEnumType(ReadingPhaseEnum, { name: 'ReadingPhase' });
export enum SedationEnum { NONE = 'NONE', MILD = 'MILD', MODERATE = 'MODERATE', DEEP = 'DEEP' }
registerEnumType(SedationEnum, { name: 'Sedation' });
export enum DissociationEnum { NONE = 'NONE', MILD = 'MILD', MODERATE = 'MODERATE', SEVERE = 'SEVERE' }
registerEnumType(DissociationEnum, { name: 'Dissociation' });
export enum AdverseSeverityEnum { MILD = 'MILD', MODERATE = 'MODERATE', SEVERE = 'SEVERE', LIFE_THREATENING = 'LIFE_THREATENING' }
registerEnumType(AdverseSeverityEnum, { name: 'AdverseEventSeverity' });

@InputType()
export class TreatmentPlanInput {
  @Field(() => RouteEnum) route!: RouteEnum;
  @Field(() => Int) plannedDosingSessions!: number;
  @Field(() => DoseUnitEnum) doseUnit!: DoseUnitEnum;
  @Field(() => Float) doseMin!: number;
  @Field(() => Float) doseMax!: number;
  @Field(() => Int, { nullable: true, description: 'Default 2.' }) maxSessionsPerWindow?: number | null;
  @Field(() => Int, { nullable: true, description: 'Default 7.' }) windowDays?: number | null;
  @Field(() => String, { nullable: true }) rangeOverrideReason?: string | null;
}

@ObjectType('TreatmentPlan')
export class TreatmentPlanType {
  @Field(() => ID) id!: string;
  @Field(() => RouteEnum, { nullable: true }) route!: RouteEnum | null;
  @Field(() => Int, { nullable: true }) plannedDosingSessions!: number | null;
  @Field(() => DoseUnitEnum, { nullable: true }) doseUnit!: DoseUnitEnum | null;
  @Field(() => Float, { nullable: true }) doseMin!: number | null;
  @Field(() => Float, { nullable: true }) doseMax!: number | null;
  @Field(() => Int, { nullable: true }) maxSessionsPerWindow!: number | null;
  @Field(() => Int, { nullable: true }) windowDays!: number | null;
}

@InputType()
export class ScheduleSessionInput {
  @Field(() => SessionKindEnum) kind!: SessionKindEnum;
  @Field(() => DateTimeISOResolver) startsAt!: Date;
  @Field(() => Int) expectedMinutes!: number;
  @Field(() => SessionLocationEnum) location!: SessionLocationEnum;
  @Field(() => [ID], { description: 'Members of the care team.' }) participantIds!: string[];
  @Field(() => ID, { nullable: true, description: "A participant meeting the clinic's facilitator requirement who supervises trainee facilitators (required when one facilitates a dosing session)." })
  supervisorId?: string | null;
}

@ObjectType('TreatmentSession', { description: 'Schedule fields for everyone at the clinic; the rest for the care team.' })
export class SessionType {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true }) caseId!: string | null;
  @Field(() => SessionKindEnum, { nullable: true }) kind!: SessionKindEnum | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) startsAt!: Date | null;
  @Field(() => Int, { nullable: true }) expectedMinutes!: number | null;
  @Field(() => SessionLocationEnum, { nullable: true }) location!: SessionLocationEnum | null;
  @Field(() => String, { nullable: true }) status!: string | null;
  @Field(() => [ID], { nullable: true }) participantIds!: string[] | null;
  @Field(() => ID, { nullable: true, description: "Who supervises the session's trainee facilitators." }) supervisorId!: string | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) cancelledAt!: Date | null;
  @Field(() => String, { nullable: true }) cancellationReason!: string | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) completedAt!: Date | null;
  @Field(() => Boolean, { nullable: true, description: 'A vitals reading met an escalation criterion.' }) escalation!: boolean | null;
  @Field(() => String, { nullable: true, description: 'Esketamine: NOT_DUE, DUE or OVERDUE (7 days).' }) remsFormDue!: string | null;
}
export const SessionConnection = connectionOf(SessionType, 'TreatmentSession');

@InputType()
export class DoseInputType {
  @Field(() => Float) amount!: number;
  @Field(() => DoseUnitEnum) unit!: DoseUnitEnum;
  @Field(() => String) lotNumber!: string;
  @Field(() => String, { nullable: true }) rangeOverrideReason?: string | null;
  @Field(() => String, { nullable: true }) holdOverrideReason?: string | null;
}

@ObjectType('RecordedDose')
export class DoseType {
  @Field(() => ID) id!: string;
  @Field(() => Float, { description: 'mg, computed from mg/kg × current weight where the plan is per kg.' }) doseMg!: number;
  @Field(() => Float, { nullable: true }) perKg!: number | null;
  @Field(() => Boolean) overridden!: boolean;
}

@InputType()
export class VitalsInput {
  @Field(() => DateTimeISOResolver) at!: Date;
  @Field(() => ReadingPhaseEnum) phase!: ReadingPhaseEnum;
  @Field(() => Int, { nullable: true }) systolic?: number | null;
  @Field(() => Int, { nullable: true }) diastolic?: number | null;
  @Field(() => Int, { nullable: true }) heartRate?: number | null;
  @Field(() => Int, { nullable: true }) spo2?: number | null;
}

@ObjectType('VitalsFlag')
export class VitalsFlagType {
  @Field(() => String, { description: 'HOLD_RECOMMENDED or ESCALATION.' }) kind!: string;
  @Field(() => String) reason!: string;
}

@ObjectType('VitalsReading')
export class VitalsReadingType {
  @Field(() => ID) id!: string;
  @Field(() => DateTimeISOResolver) takenAt!: Date;
  @Field(() => ReadingPhaseEnum) phase!: ReadingPhaseEnum;
  @Field(() => Int, { nullable: true }) systolic!: number | null;
  @Field(() => Int, { nullable: true }) diastolic!: number | null;
  @Field(() => Int, { nullable: true }) heartRate!: number | null;
  @Field(() => Int, { nullable: true }) spo2!: number | null;
  @Field(() => [VitalsFlagType], { description: 'What the reading met when it was recorded.' }) flags!: VitalsFlagType[];
}

@InputType()
export class CompleteSessionInput {
  @Field(() => DateTimeISOResolver, { nullable: true }) monitoringStartedAt?: Date | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) monitoringEndedAt?: Date | null;
  @Field(() => SedationEnum, { nullable: true }) sedation?: SedationEnum | null;
  @Field(() => DissociationEnum, { nullable: true }) dissociation?: DissociationEnum | null;
  @Field(() => Boolean, { nullable: true }) dischargeReady?: boolean | null;
  @Field(() => String, { nullable: true }) transport?: string | null;
  @Field(() => JSONObjectResolver, { nullable: true, description: 'REMS: sedationObserved, dissociationObserved, bloodPressureChecked, respiratoryDepressionObserved, patientReleased.' })
  remsForm?: Record<string, unknown> | null;
}

@InputType()
export class AdverseEventInputType {
  @Field(() => String) type!: string;
  @Field(() => AdverseSeverityEnum) severity!: AdverseSeverityEnum;
  @Field(() => String) actionTaken!: string;
  @Field(() => String) outcome!: string;
}
