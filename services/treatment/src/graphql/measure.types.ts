import { DateTimeISOResolver, JSONObjectResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum InstrumentEnum { PHQ9 = 'PHQ9', GAD7 = 'GAD7', PCL5 = 'PCL5', CSSRS_SCREENER = 'CSSRS_SCREENER', CADSS = 'CADSS' }
registerEnumType(InstrumentEnum, { name: 'Instrument', description: 'PHQ-9, GAD-7, PCL-5, the C-SSRS screener, CADSS (23 items).' });

@InputType()
export class CssrsInput {
  @Field(() => Boolean, { description: 'Wished to be dead or to go to sleep and not wake up.' }) q1!: boolean;
  @Field(() => Boolean, { description: 'Actual thoughts of killing oneself.' }) q2!: boolean;
  @Field(() => Boolean, { nullable: true, description: 'Asked only if q2 is yes.' }) q3?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Asked only if q2 is yes.' }) q4?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Asked only if q2 is yes.' }) q5?: boolean | null;
  @Field(() => Boolean) q6!: boolean;
  @Field(() => Boolean, { nullable: true, description: 'When q6 is yes: within the past 3 months.' }) q6WithinPast3Months?: boolean | null;
}

@InputType()
export class RecordMeasureInput {
  @Field(() => InstrumentEnum) instrument!: InstrumentEnum;
  @Field(() => [Int], { nullable: true, description: 'Item answers in order; the server computes every score.' }) answers?: number[] | null;
  @Field(() => CssrsInput, { nullable: true, description: 'For the C-SSRS screener instead of answers.' }) cssrs?: CssrsInput | null;
}

@ObjectType('Measure', { description: 'One administration of an instrument, scored by the server. Partners see scores, never answers.' })
export class MeasureType {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true }) caseId!: string | null;
  @Field(() => InstrumentEnum, { nullable: true }) instrument!: InstrumentEnum | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) administeredAt!: Date | null;
  @Field(() => Int, { nullable: true }) total!: number | null;
  @Field(() => String, { nullable: true, description: 'Severity band (PHQ-9, GAD-7).' }) band!: string | null;
  @Field(() => String, { nullable: true, description: 'C-SSRS risk: NONE, LOW, MODERATE, HIGH.' }) risk!: string | null;
  @Field(() => JSONObjectResolver, { nullable: true, description: 'PCL-5 clusters B–E, probable PTSD and the cut-off used.' }) clusters!: Record<string, unknown> | null;
  @Field(() => Boolean, { nullable: true, description: 'A safety signal was opened by this administration.' }) safetySignal!: boolean | null;
}

@ObjectType('TrendPoint')
export class TrendPointType {
  @Field(() => ID) measureId!: string;
  @Field(() => DateTimeISOResolver) at!: Date;
  @Field(() => Int) total!: number;
}

@ObjectType('MeasureTrend')
export class MeasureTrendType {
  @Field(() => InstrumentEnum) instrument!: InstrumentEnum;
  @Field(() => [TrendPointType]) points!: TrendPointType[];
  @Field(() => TrendPointType, { nullable: true }) baseline!: TrendPointType | null;
  @Field(() => TrendPointType, { nullable: true }) latest!: TrendPointType | null;
  @Field(() => Boolean, { nullable: true, description: 'PHQ-9: at least 50% below baseline.' }) response!: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'PHQ-9: latest total below 5.' }) remission!: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'PCL-5: at least 10 points below baseline.' }) meaningfulChange!: boolean | null;
}

@ObjectType('SafetySignal', { description: 'Open until a clinician on the team acknowledges it with the action taken.' })
export class SafetySignalType {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true }) caseId!: string | null;
  @Field(() => ID, { nullable: true }) measureId!: string | null;
  @Field(() => [String], { nullable: true, description: 'PHQ9_ITEM9, CSSRS_MODERATE, CSSRS_HIGH.' }) reasons!: string[] | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) openedAt!: Date | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) acknowledgedAt!: Date | null;
  @Field(() => ID, { nullable: true }) acknowledgedBy!: string | null;
  @Field(() => String, { nullable: true }) actionTaken!: string | null;
}
