import type { Database } from '@tandem/db';
import { ClearanceService } from './clearance/clearance.service';
import { ConsentService } from './consent/consent.service';
import { MeasureResolver } from './graphql/measure.resolver';
import { TreatmentResolver } from './graphql/treatment.resolver';
import { MeasureService } from './measures/measure.service';
import { SafetySignalService } from './measures/safety-signal.service';
import { ScreeningService } from './screening/screening.service';

export { TREATMENT_FACTS } from './facts';

/** The resolver classes the treatment service contributes to the schema. */
export const TREATMENT_RESOLVERS = [TreatmentResolver, MeasureResolver] as const;

export function createTreatment(db: Database): { resolvers: readonly object[] } {
  return {
    resolvers: [
      new TreatmentResolver(new ScreeningService(db), new ClearanceService(db), new ConsentService(db), db),
      new MeasureResolver(new MeasureService(db), new SafetySignalService(db), db),
    ],
  };
}
