import { gql } from './clinic-fixture';
import type { GatewayUnderTest } from './clinic-fixture';

let mrn = 0;

export const REGISTER = `mutation R($input: RegisterPatientInput!) { registerPatient(input: $input) { id mrn familyName weight { kg } } }`;
export const OPEN = `mutation O($input: OpenCaseInput!) { openCase(input: $input) { id status indication } }`;
export const ADD = `mutation A($c: ID!, $m: ID!, $r: CaseRole!) { addCareTeamMember(caseId: $c, membershipId: $m, caseRole: $r) { id caseRole } }`;

export async function registerPatient(app: GatewayUnderTest, token: string, overrides: Record<string, unknown> = {}): Promise<string> {
  mrn += 1;
  const input = { mrn: `MRN-${Date.now().toString(36)}-${mrn}`, givenName: 'Ada', familyName: `Lovelace${mrn}`, dateOfBirth: '1980-02-29', sex: 'FEMALE', ...overrides };
  const response = await gql(app, REGISTER, { input }, token);
  const id = response.body.data?.registerPatient?.id as string | undefined;
  if (!id) throw new Error(`register failed: ${JSON.stringify(response.body.errors)}`);
  return id;
}

export async function openCase(app: GatewayUnderTest, token: string, patientId: string, indication = 'TRD'): Promise<string> {
  const response = await gql(app, OPEN, { input: { patientId, indication } }, token);
  const id = response.body.data?.openCase?.id as string | undefined;
  if (!id) throw new Error(`open failed: ${JSON.stringify(response.body.errors)}`);
  return id;
}

export async function assign(app: GatewayUnderTest, token: string, caseId: string, membershipId: string, caseRole: string): Promise<string> {
  const response = await gql(app, ADD, { c: caseId, m: membershipId, r: caseRole }, token);
  const id = response.body.data?.addCareTeamMember?.id as string | undefined;
  if (!id) throw new Error(`assign failed: ${JSON.stringify(response.body.errors)}`);
  return id;
}
