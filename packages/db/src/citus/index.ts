export { readCatalogue } from './catalogue';
export type { Catalogue, CatalogueForeignKey, CatalogueTable, CatalogueTrigger, CatalogueUniqueKey, ForeignKeyAction, UniqueKeyKind } from './catalogue';
export { DISTRIBUTION_COLUMN, GLOBAL_PLACEMENTS, placementOf } from './placement';
export type { GlobalPlacement, Placement } from './placement';
export { planDistribution, referencedFirst, UnplacedTablesError } from './plan';
export type { DistributionPlan } from './plan';
export { findCitusViolations } from './rules';
export { DISTRIBUTION_SCRIPT_PATH, generateDistributionScript, renderDistributionScript } from './render';
