import { Authorize } from '@tandem/authz';
import type { ResolverContext } from '@tandem/authz';
import { CaseType } from '@tandem/cases';
import type { CaseView } from '@tandem/cases';
import type { Database } from '@tandem/db';
import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { latestMeasures } from '../measures/latest-measure.loader';
import { InstrumentEnum, MeasureType } from './measure.types';

/** Outcome measures on the case itself, so a page of cases brings its scores in one more statement. */
@Resolver(() => CaseType)
export class CaseMeasuresResolver {
  constructor(private readonly db: Database) {}

  @FieldResolver(() => MeasureType, { nullable: true, description: "The case's latest administration of the instrument; null when none or hidden from you." })
  @Authorize('read', 'Case')
  latestMeasure(@Ctx() { ctx }: ResolverContext, @Root() record: CaseView, @Arg('instrument', () => InstrumentEnum) instrument: InstrumentEnum) {
    return latestMeasures(ctx, this.db, instrument).load(record.id);
  }
}
