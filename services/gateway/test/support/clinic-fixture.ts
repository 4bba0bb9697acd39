import { TenantService } from '@tandem/accounts';
import type { ClinicRole, Clock } from '@tandem/core';
import { graphql } from '@tandem/testing';
import type { GraphQLResponse, TestDatabase } from '@tandem/testing';

/** What the fixtures need of a gateway, in-process (TestGateway) or one of several processes. */
export interface GatewayUnderTest {
  readonly gateway: { readonly graphqlUrl: string };
  readonly testDb: TestDatabase;
}

export const PASSWORD = 'tide-lamp-7Q-orchid';

export interface Member {
  readonly email: string;
  readonly userId: string;
  readonly membershipId: string;
  accessToken: string;
  refreshToken: string;
}

export interface Clinic {
  readonly id: string;
  readonly slug: string;
  readonly admin: Member;
}

let counter = 0;

/** Sends one operation as `token` (or anonymously) and returns the parsed response. */
export function gql<Data = Record<string, any>>(app: GatewayUnderTest, query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<Data>> {
  return graphql<Data>(app.gateway.graphqlUrl, { query, variables, token });
}

export const ACCEPT = `mutation Accept($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { accessToken refreshToken clinicId } }`;
export const INVITE = `mutation Invite($input: InviteMemberInput!) { inviteMember(input: $input) { token invitation { id } } }`;
const VIEWER = `{ viewer { userId membershipId } }`;

/** A clinic made the way an operator makes one (CLI path), with its first admin signed in. */
export async function createClinic(app: GatewayUnderTest, clock: Clock, name = 'clinic'): Promise<Clinic> {
  counter += 1;
  const slug = `${name}-${counter}-${Date.now().toString(36)}`;
  const db = await app.testDb.connect({ poolSize: 1 });
  const created = await new TenantService(db).create(clock, { name: `Clinic ${slug}`, slug, adminEmail: `admin@${slug}.example` });
  const admin = await accept(app, created.invitationToken, `admin@${slug}.example`);
  return { id: created.tenant.id, slug, admin };
}

/** Invites someone as the clinic's admin and has them accept (new account, or linking one). */
export async function addMember(app: GatewayUnderTest, clinic: Clinic, roles: ClinicRole[], options: { outsideCollaborator?: boolean; email?: string } = {}): Promise<Member> {
  counter += 1;
  const email = options.email ?? `${roles.join('-').toLowerCase()}-${counter}@${clinic.slug}.example`;
  const invited = await gql(app, INVITE, { input: { email, roles, outsideCollaborator: options.outsideCollaborator ?? false } }, clinic.admin.accessToken);
  const token = invited.body.data?.inviteMember?.token as string | undefined;
  if (!token) throw new Error(`invite failed: ${JSON.stringify(invited.body.errors)}`);
  return accept(app, token, email);
}

async function accept(app: GatewayUnderTest, token: string, email: string): Promise<Member> {
  const accepted = await gql(app, ACCEPT, { input: { token, password: PASSWORD, displayName: `Person ${email}` } });
  const tokens = accepted.body.data?.acceptInvitation as { accessToken: string; refreshToken: string } | undefined;
  if (!tokens) throw new Error(`accept failed: ${JSON.stringify(accepted.body.errors)}`);
  const viewer = await gql(app, VIEWER, {}, tokens.accessToken);
  const { userId, membershipId } = viewer.body.data?.viewer as { userId: string; membershipId: string };
  return { email, userId, membershipId, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken };
}

export function codeOf(response: GraphQLResponse): unknown {
  return response.body.errors?.[0]?.extensions?.code;
}

export function fieldOf(response: GraphQLResponse): unknown {
  return response.body.errors?.[0]?.extensions?.field;
}
