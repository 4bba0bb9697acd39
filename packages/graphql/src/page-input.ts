import { Field, InputType, Int } from 'type-graphql';

@InputType()
export class PageInput {
  @Field(() => Int, { description: '1 to 100.' }) first!: number;
  @Field(() => String, { nullable: true }) after?: string | null;
}
