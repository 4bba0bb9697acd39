import { ApiKeyService } from './api-keys/api-key.service';
import { ApiKeyResolver } from './graphql/api-key.resolver';
import { ClinicResolver } from './graphql/clinic.resolver';
import { InvitationResolver } from './graphql/invitation.resolver';
import { MembershipResolver } from './graphql/membership.resolver';
import { MfaResolver } from './graphql/mfa.resolver';
import { RegisteredOperationResolver } from './graphql/registered-operation.resolver';
import { SessionResolver } from './graphql/session.resolver';
import { AcceptInvitationService } from './invitations/accept-invitation.service';
import { InvitationService } from './invitations/invitation.service';
import { MembershipService } from './members/membership.service';
import { MfaService } from './mfa/mfa.service';
import { RegisteredOperationService } from './operations/registered-operation.service';
import { Authenticator } from './sessions/authenticate';
import { SessionService } from './sessions/session.service';
import { SignInService } from './sessions/sign-in.service';
import type { AccountsDeps } from './shared/deps';
import { TenantService } from './tenants/tenant.service';

/** The resolver classes the accounts service contributes to the schema. */
export const ACCOUNT_RESOLVERS = [ClinicResolver, SessionResolver, MfaResolver, MembershipResolver, InvitationResolver, ApiKeyResolver, RegisteredOperationResolver] as const;

export interface Accounts {
  readonly authenticator: Authenticator;
  readonly tenants: TenantService;
  readonly operations: RegisteredOperationService;
  /** Resolver instances, wired with their services, for the gateway's container. */
  readonly resolvers: readonly object[];
}

export function createAccounts(deps: AccountsDeps): Accounts {
  const tenants = new TenantService(deps.db);
  const mfa = new MfaService(deps);
  const operations = new RegisteredOperationService(deps.db);
  return {
    authenticator: new Authenticator(deps),
    tenants,
    operations,
    resolvers: [
      new ClinicResolver(tenants),
      new SessionResolver(new SignInService(deps), new SessionService(deps), mfa),
      new MfaResolver(mfa),
      new MembershipResolver(new MembershipService(deps)),
      new InvitationResolver(new InvitationService(deps), new AcceptInvitationService(deps)),
      new ApiKeyResolver(new ApiKeyService(deps)),
      new RegisteredOperationResolver(operations),
    ],
  };
}
