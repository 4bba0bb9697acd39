export { CASE_RESOLVERS, createCases } from './cases-module';
export { NOTHING_RECORDED } from './lifecycle/case-facts';
export type { ClinicalFacts, ClinicalFactsSource } from './lifecycle/case-facts';
export { find as findCase } from './cases/case.service';
export type { CaseView } from './cases/case-record';
export { recordCaseEvent } from './timeline/timeline';
export { holdOnRevokedConsent } from './lifecycle/hold-on-revoked-consent';
export { caseCareTeamSql, oneCaseCareTeamSql, policyCareTeamSql } from './cases/case-record';
export { CaseType } from './graphql/types';
