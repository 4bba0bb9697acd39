import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { connectionOf } from '@tandem/graphql';

@ObjectType('RegisteredOperation', { description: 'An operation partner keys may run when the clinic allows registered operations only. Fields you may not read are null.' })
export class RegisteredOperationType {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true, description: 'sha256 (hex) of the query text: what a partner sends as its persisted-query hash.' }) sha256!: string | null;
  @Field(() => String, { nullable: true }) query!: string | null;
  @Field(() => DateTimeISOResolver, { nullable: true }) createdAt!: Date | null;
}

export const RegisteredOperationConnection = connectionOf(RegisteredOperationType, 'RegisteredOperation');

@InputType()
export class RegisterOperationInput {
  @Field(() => String, { description: 'e.g. PatientsByMrn; letters, digits and underscores.' }) name!: string;
  @Field(() => String, { description: 'The exact text partners will run; its sha256 is the hash they send.' }) query!: string;
}
