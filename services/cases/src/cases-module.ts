import type { Database } from '@tandem/db';
import { CareTeamService } from './care-team/care-team.service';
import { CaseService } from './cases/case.service';
import { CaseResolver } from './graphql/case.resolver';
import { PatientResolver } from './graphql/patient.resolver';
import { PatientService } from './patients/patient.service';
import { NOTHING_RECORDED } from './lifecycle/case-facts';
import type { ClinicalFactsSource } from './lifecycle/case-facts';
import { CaseTransitionService } from './lifecycle/case-transition.service';

/** The resolver classes the cases service contributes to the schema. */
export const CASE_RESOLVERS = [PatientResolver, CaseResolver] as const;

/** Resolver instances wired with their services, for the gateway's container. */
export function createCases(db: Database, clinicalFacts: ClinicalFactsSource = NOTHING_RECORDED): { resolvers: readonly object[] } {
  return {
    resolvers: [
      new PatientResolver(new PatientService(db)),
      new CaseResolver(new CaseService(db), new CareTeamService(db), new CaseTransitionService(db, clinicalFacts), db),
    ],
  };
}
