export { CASE_RESOLVERS, createCases } from './cases-module';
export { NOTHING_RECORDED } from './lifecycle/case-facts';
export type { ClinicalFacts, ClinicalFactsSource } from './lifecycle/case-facts';
