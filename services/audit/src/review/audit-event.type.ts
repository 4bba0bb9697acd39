import { connectionOf } from '@tandem/graphql';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';

@ObjectType('AuditRecord', { description: 'A record an audit event concerns, with its case and patient where it has them.' })
export class AuditRecordType {
  @Field(() => ID, { nullable: true, description: 'Absent for a refused attempt on a record that does not exist.' }) subjectId!: string | null;
  @Field(() => ID, { nullable: true }) caseId!: string | null;
  @Field(() => ID, { nullable: true }) patientId!: string | null;
}

@ObjectType('AuditEvent', { description: 'One audited read, write or refused attempt on PHI (docs/audit.md): a write or refusal names one record; a read names every record of one type that the request read with the same fields. Field names, never values.' })
export class AuditEventType {
  @Field(() => ID) id!: string;
  @Field(() => DateTimeISOResolver) occurredAt!: Date;
  @Field(() => String, { description: 'user, partner, system, anonymous or unknown (a write whose transaction did not say who).' }) actorKind!: string;
  @Field(() => ID, { nullable: true, description: 'The user id or the API key id.' }) actorId!: string | null;
  @Field(() => [String], { nullable: true, description: 'The roles the user acted in.' }) actingRoles!: string[] | null;
  @Field(() => String, { description: 'read, create, update, delete, or the refused action (read, update, sign, ...).' }) action!: string;
  @Field(() => String, { description: 'Patient, Case, Note, Measure, TreatmentSession, ...' }) subjectType!: string;
  @Field(() => ID, { nullable: true, description: 'The record, when the event concerns one; absent for a refused attempt on a record that does not exist, and on a grouped read (see records).' })
  subjectId!: string | null;
  @Field(() => ID, { nullable: true, description: 'The case of the record, or of all the records of a grouped read when they share one.' }) caseId!: string | null;
  @Field(() => ID, { nullable: true, description: 'The patient of the record, or of all the records of a grouped read when they share one.' }) patientId!: string | null;
  @Field(() => [AuditRecordType], {
    description: "Every record the event concerns: one, or for a grouped read every record of this type that the request read with these fields (docs/audit.md, 'Grouped reads').",
  })
  records!: AuditRecordType[];
  @Field(() => [String], { description: 'Names of the fields read or changed (columns for writes).' }) fields!: string[];
  @Field(() => String, { description: 'ALLOWED or DENIED.' }) outcome!: string;
  @Field(() => Boolean, { description: 'The actor held an emergency-access grant for the case.' }) emergency!: boolean;
  @Field(() => String, { nullable: true }) requestId!: string | null;
  @Field(() => String, { nullable: true }) ip!: string | null;
  @Field(() => String, { nullable: true }) userAgent!: string | null;
  @Field(() => Int, { nullable: true, description: 'Position in the clinic chain once sealed (null until the sealer reaches it).' }) seq!: number | null;
  @Field(() => String, { nullable: true, description: 'Why: the reason the actor gave for the emergency-access grant in force (break the glass).' })
  emergencyReason!: string | null;
}
export const AuditEventConnection = connectionOf(AuditEventType, 'AuditEvent');

@InputType()
export class AuditFilterInput {
  @Field(() => ID, { nullable: true }) patientId?: string | null;
  @Field(() => ID, { nullable: true, description: 'A user id or an API key id.' }) actorId?: string | null;
  @Field(() => String, { nullable: true }) action?: string | null;
  @Field(() => String, { nullable: true, description: 'e.g. Note.' }) subjectType?: string | null;
  @Field(() => DateTimeISOResolver, { nullable: true, description: 'At or after.' }) from?: Date | null;
  @Field(() => DateTimeISOResolver, { nullable: true, description: 'Before.' }) to?: Date | null;
  @Field(() => Boolean, { nullable: true }) deniedOnly?: boolean | null;
  @Field(() => Boolean, { nullable: true }) emergencyOnly?: boolean | null;
}
