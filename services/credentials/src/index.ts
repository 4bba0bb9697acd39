import type { Database } from '@tandem/db';
import { CredentialService } from './credential.service';
import { CredentialResolver } from './graphql/credential.resolver';
import { ReadinessResolver } from './graphql/readiness.resolver';
import { ProgrammeService } from './programme.service';
import { ReadinessService } from './readiness.service';

export const CREDENTIAL_RESOLVERS = [CredentialResolver, ReadinessResolver] as const;

export function createCredentials(db: Database): { resolvers: readonly object[] } {
  return { resolvers: [new CredentialResolver(new CredentialService(db)), new ReadinessResolver(new ProgrammeService(db), new ReadinessService(db))] };
}
export { missingFor, readinessFor } from './readiness.service';
