import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('SessionCredentialBlock', { description: 'A participant who meets their part today but not on the session day: a credential expires before it.' })
export class SessionCredentialBlockType {
  @Field(() => ID) membershipId!: string;
  @Field(() => String, { description: 'FACILITATOR, PRESCRIBER or MONITORING_NURSE.' }) part!: string;
  @Field(() => [String], { description: 'What they will be missing on the day, as the gates name it (e.g. VERIFIED_BLS).' }) requirements!: string[];
  @Field(() => String, { description: 'YYYY-MM-DD: the earliest expiry before the session among their credentials that count today.' }) expiresOn!: string;
}
