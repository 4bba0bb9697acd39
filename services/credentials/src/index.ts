import type { Database } from '@tandem/db';
import { CredentialService } from './credential.service';
import { CredentialResolver } from './graphql/credential.resolver';
import { ReadinessResolver } from './graphql/readiness.resolver';
import { SupervisionResolver } from './graphql/supervision.resolver';
import { ProgrammeService } from './programme.service';
import { ReadinessService } from './readiness.service';
import { SupervisionService } from './supervision.service';

export const CREDENTIAL_RESOLVERS = [CredentialResolver, ReadinessResolver, SupervisionResolver] as const;

export function createCredentials(db: Database): { resolvers: readonly object[] } {
  return {
    resolvers: [new CredentialResolver(new CredentialService(db)), new ReadinessResolver(new ProgrammeService(db), new ReadinessService(db)), new SupervisionResolver(new SupervisionService(db))],
  };
}
export { missingFor, readinessFor } from './readiness.service';
export { blocksOfSessions, upcomingBlocks } from './session-blocks';
export type { CredentialBlock } from './session-blocks';
export { CREDENTIAL_SWEEP, credentialSweepProcessor, sweepClinicCredentials, sweepCredentials } from './expiry/credential-sweep';
export type { CredentialSweepDeps } from './expiry/credential-sweep';
