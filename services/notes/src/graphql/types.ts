import { connectionOf } from '@tandem/graphql';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum NoteKindEnum {
  PROGRESS = 'PROGRESS', DOSING_OBSERVATION = 'DOSING_OBSERVATION', INTEGRATION_SUMMARY = 'INTEGRATION_SUMMARY',
  MEDICAL = 'MEDICAL', COORDINATION = 'COORDINATION', PSYCHOTHERAPY = 'PSYCHOTHERAPY',
}
registerEnumType(NoteKindEnum, { name: 'NoteKind', description: 'PSYCHOTHERAPY notes are author-only (45 CFR 164.501).' });

export enum NoteVisibilityEnum { CARE_TEAM = 'CARE_TEAM', CLINICIANS = 'CLINICIANS', PRESCRIBERS = 'PRESCRIBERS', AUTHOR_ONLY = 'AUTHOR_ONLY' }
registerEnumType(NoteVisibilityEnum, { name: 'NoteVisibility', description: 'CARE_TEAM includes staff on the team only for COORDINATION notes.' });

@ObjectType('NoteAddendum', { description: 'Signed on creation; the original note is never changed.' })
export class AddendumType {
  @Field(() => ID) id!: string;
  @Field(() => ID) authorId!: string;
  @Field(() => String) body!: string;
  @Field(() => DateTimeISOResolver) signedAt!: Date;
}

@ObjectType('Note')
export class NoteType {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true }) caseId!: string | null;
  @Field(() => ID, { nullable: true }) sessionId!: string | null;
  @Field(() => NoteKindEnum, { nullable: true }) kind!: NoteKindEnum | null;
  @Field(() => NoteVisibilityEnum, { nullable: true }) visibility!: NoteVisibilityEnum | null;
  @Field(() => String, { nullable: true, description: 'DRAFT, SIGNED or DISCARDED.' }) status!: string | null;
  @Field(() => ID, { nullable: true }) authorId!: string | null;
  @Field(() => String, { nullable: true }) body!: string | null;
  @Field(() => Int, { nullable: true, description: 'Send it back with an edit; a stale one answers CONFLICT.' }) version!: number | null;
  @Field(() => ID, { nullable: true }) cosignerId!: string | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) cosignedAt!: Date | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) createdAt!: Date | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) signedAt!: Date | null;
}
export const NoteConnection = connectionOf(NoteType, 'Note');

@ObjectType('NoteSearchHit')
export class SearchHitType {
  @Field(() => NoteType) note!: NoteType;
  @Field(() => Float) rank!: number;
  @Field(() => String, { description: 'Matching fragments, hits between « and ».' }) snippet!: string;
}

@ObjectType('NoteSearchResult')
export class SearchResultType {
  @Field(() => [SearchHitType]) hits!: SearchHitType[];
  @Field(() => Boolean) hasMore!: boolean;
}

@InputType()
export class WriteNoteInput {
  @Field(() => NoteKindEnum) kind!: NoteKindEnum;
  @Field(() => NoteVisibilityEnum) visibility!: NoteVisibilityEnum;
  @Field(() => String, { description: 'At most 100 kB.' }) body!: string;
  @Field(() => ID, { nullable: true }) sessionId?: string | null;
  @Field(() => ID, { nullable: true, description: 'A team member who must co-sign (trainees, outside collaborators).' }) cosignerId?: string | null;
}

@InputType()
export class EditNoteInput {
  @Field(() => Int) version!: number;
  @Field(() => String, { nullable: true }) body?: string | null;
  @Field(() => NoteVisibilityEnum, { nullable: true }) visibility?: NoteVisibilityEnum | null;
  @Field(() => ID, { nullable: true }) cosignerId?: string | null;
}

@InputType()
export class NoteFilterInput {
  @Field(() => NoteKindEnum, { nullable: true }) kind?: NoteKindEnum | null;
  @Field(() => ID, { nullable: true }) authorId?: string | null;
  @Field(() => ID, { nullable: true }) sessionId?: string | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) from?: Date | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) to?: Date | null;
}

