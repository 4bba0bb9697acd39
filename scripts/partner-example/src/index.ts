export { allPages, partnerClient, PartnerApiError } from './client';
export type { PartnerClient } from './client';
export * from './generated/graphql';
