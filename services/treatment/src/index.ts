import type { Database } from '@tandem/db';
import { ClearanceService } from './clearance/clearance.service';
import { ConsentService } from './consent/consent.service';
import { EmergencyAccessService } from './emergency/emergency-access.service';
import { EmergencyReviewService } from './emergency/emergency-review.service';
import { CaseMeasuresResolver } from './graphql/case-measures.resolver';
import { EmergencyAccessResolver } from './graphql/emergency.resolver';
import { MeasureResolver } from './graphql/measure.resolver';
import { TreatmentSessionResolver } from './graphql/session.resolver';
import { SessionVitalsResolver } from './graphql/session-vitals.resolver';
import { SessionCredentialsResolver } from './graphql/session-credentials.resolver';
import { CompletionService } from './sessions/completion.service';
import { DosingService } from './sessions/dosing.service';
import { PlanService } from './sessions/plan.service';
import { SessionService } from './sessions/session.service';
import { CREDENTIAL_SESSION_GATES } from './sessions/session-gates';
import { TreatmentResolver } from './graphql/treatment.resolver';
import { MeasureService } from './measures/measure.service';
import { SafetySignalService } from './measures/safety-signal.service';
import { ScreeningService } from './screening/screening.service';

export { TREATMENT_FACTS } from './facts';

/** The resolver classes the treatment service contributes to the schema. */
export const TREATMENT_RESOLVERS = [TreatmentResolver, MeasureResolver, TreatmentSessionResolver, CaseMeasuresResolver, SessionVitalsResolver, SessionCredentialsResolver, EmergencyAccessResolver] as const;

export function createTreatment(db: Database): { resolvers: readonly object[] } {
  return {
    resolvers: [
      new TreatmentResolver(new ScreeningService(db), new ClearanceService(db), new ConsentService(db), db),
      new MeasureResolver(new MeasureService(db), new SafetySignalService(db), db),
      new TreatmentSessionResolver(new PlanService(db), new SessionService(db, CREDENTIAL_SESSION_GATES), new DosingService(db), new CompletionService(db)),
      new CaseMeasuresResolver(db),
      new SessionVitalsResolver(db),
      new SessionCredentialsResolver(db),
      new EmergencyAccessResolver(new EmergencyAccessService(db), new EmergencyReviewService(db), db),
    ],
  };
}
export { NO_CREDENTIAL_GATES } from './sessions/session.service';
export { CREDENTIAL_SESSION_GATES } from './sessions/session-gates';
export type { FacilitatorRequirements } from './sessions/session.service';
