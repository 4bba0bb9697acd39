import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'What this Tandem server is and what time it thinks it is.' })
export class ServerInfo {
  @Field(() => String, { description: 'The deployed Tandem version.' })
  version!: string;

  @Field(() => DateTimeISOResolver, { description: "The server's current time (ISO 8601, UTC)." })
  time!: Date;
}
