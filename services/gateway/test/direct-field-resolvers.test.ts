import 'reflect-metadata';
import { execute, parse } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, ObjectType, Query, Resolver, Root, UseMiddleware, buildSchema, registerEnumType } from 'type-graphql';
import type { ContainerType } from 'type-graphql';
import { callFieldResolversDirectly } from '../src/direct-field-resolvers';

// A field resolver called directly must receive exactly what type-graphql's handler gives it;
// one that needs the handler (an input-type argument, a middleware) keeps it.

enum Instrument {
  PHQ9 = 'PHQ9',
  GAD7 = 'GAD7',
}
registerEnumType(Instrument, { name: 'DirectInstrument' });

@InputType('DirectWindow')
class Window {
  @Field(() => Int) days!: number;
  get weeks(): number {
    return this.days / 7;
  }
}

@ObjectType('DirectCase')
class CaseType {
  @Field(() => ID) id!: string;
}

interface CaseRecord {
  id: string;
  patientId: string;
}

const seen: unknown[][] = [];

@Resolver(() => CaseType)
class CaseFields {
  constructor(private readonly prefix: string) {}

  @Query(() => [CaseType])
  cases(): CaseRecord[] {
    return [{ id: 'c1', patientId: 'p1' }, { id: 'c2', patientId: 'p2' }];
  }

  @FieldResolver(() => String)
  patient(@Ctx() context: { who: string }, @Root() record: CaseRecord): string {
    seen.push(['patient', context.who, record.id]);
    return `${this.prefix}${record.patientId} for ${context.who}`;
  }

  @FieldResolver(() => String, { nullable: true })
  latest(@Root() record: CaseRecord, @Arg('instrument', () => Instrument) instrument: Instrument, @Arg('label', () => String, { nullable: true }) label?: string): string {
    seen.push(['latest', record.id, instrument, label]);
    return `${this.prefix}${instrument} of ${record.id}${label ? ` (${label})` : ''}`;
  }

  @FieldResolver(() => Number)
  windowWeeks(@Arg('window', () => Window) window: Window): number {
    return window.weeks;
  }

  @FieldResolver(() => String)
  @UseMiddleware(async (_data, next) => `wrapped ${String(await next())}`)
  guarded(@Root() record: CaseRecord): string {
    return record.id;
  }
}

const QUERY = `{ cases { id patient a: latest(instrument: PHQ9) b: latest(instrument: GAD7, label: "x") windowWeeks(window: { days: 14 }) guarded } }`;

async function schemaWith(direct: boolean): Promise<{ schema: GraphQLSchema; called: string[] }> {
  const instance = new CaseFields('#');
  const container: ContainerType = { get: () => instance };
  const schema = await buildSchema({ resolvers: [CaseFields], validate: false, container });
  return { schema, called: direct ? callFieldResolversDirectly(schema, container) : [] };
}

describe('callFieldResolversDirectly', () => {
  it('calls context-, root- and scalar-argument field resolvers directly, and nothing else', async () => {
    const { called } = await schemaWith(true);
    expect(called.filter((name) => name.startsWith('DirectCase.')).sort()).toEqual(['DirectCase.latest', 'DirectCase.patient']);
  });

  it('answers exactly what type-graphql answers, passing each method the same values', async () => {
    const results = [];
    for (const direct of [false, true]) {
      seen.length = 0;
      const { schema } = await schemaWith(direct);
      // Called in another order (type-graphql defers a method with arguments by a promise), not with other values.
      results.push({ result: await execute({ schema, document: parse(QUERY), contextValue: { who: 'partner' } }), seen: seen.map((call) => JSON.stringify(call)).sort() });
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[0]?.result.errors).toBeUndefined();
    expect(results[0]?.result.data?.cases).toEqual([
      { id: 'c1', patient: '#p1 for partner', a: '#PHQ9 of c1', b: '#GAD7 of c1 (x)', windowWeeks: 2, guarded: 'wrapped c1' },
      { id: 'c2', patient: '#p2 for partner', a: '#PHQ9 of c2', b: '#GAD7 of c2 (x)', windowWeeks: 2, guarded: 'wrapped c2' },
    ]);
    expect(results[1]?.seen).toContain(JSON.stringify(['latest', 'c1', 'PHQ9', undefined]));
  });
});
