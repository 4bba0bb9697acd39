import type { TenantService } from '@tandem/accounts';
import { systemClock } from '@tandem/core';
import type { Database } from '@tandem/db';
import { graphql } from './http';

const PASSWORD = 'bench-password-of-some-length';

export interface Person {
  readonly token: string;
  readonly userId: string;
  readonly membershipId: string;
}

export interface BenchClinic {
  readonly tenantId: string;
  /** The coordinator assigns the i-th follow-up: one mutation, one notification (the therapist). */
  assign(i: number): Promise<void>;
  /**
   * The therapist records a PHQ-9 with item 9 above 0: one mutation, a safety signal, two
   * notifications (the prescriber of record and the therapist).
   */
  safetyAlert(i: number): Promise<void>;
}

export async function accept(url: string, token: string, email: string): Promise<Person> {
  const accepted = await graphql<{ acceptInvitation: { accessToken: string } }>(
    url,
    'mutation A($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { accessToken } }',
    { input: { token, password: PASSWORD, displayName: email } },
  );
  const viewer = await graphql<{ viewer: { userId: string; membershipId: string } }>(url, '{ viewer { userId membershipId } }', {}, accepted.acceptInvitation.accessToken);
  return { token: accepted.acceptInvitation.accessToken, ...viewer.viewer };
}

export async function invite(url: string, admin: Person, email: string, roles: string[]): Promise<Person> {
  const invited = await graphql<{ inviteMember: { token: string } }>(url, 'mutation I($input: InviteMemberInput!) { inviteMember(input: $input) { token } }', { input: { email, roles } }, admin.token);
  return accept(url, invited.inviteMember.token, email);
}

/**
 * A clinic made through the API: an admin, a coordinator and a therapist on one case. The
 * coordinator assigns follow-ups to the therapist, each of which notifies the therapist.
 */
export async function clinicWithAssigningCoordinator(url: string, _db: Database, tenants: TenantService): Promise<BenchClinic> {
  const slug = `bench-${Date.now().toString(36)}`;
  const created = await tenants.create(systemClock, { name: 'Bench clinic', slug, adminEmail: `admin@${slug}.example` });
  const admin = await accept(url, created.invitationToken, `admin@${slug}.example`);
  const staff = await invite(url, admin, `staff@${slug}.example`, ['STAFF']);
  const therapist = await invite(url, admin, `therapist@${slug}.example`, ['THERAPIST']);
  const prescriber = await invite(url, admin, `prescriber@${slug}.example`, ['PRESCRIBER']);
  const patient = await graphql<{ registerPatient: { id: string } }>(
    url,
    'mutation R($input: RegisterPatientInput!) { registerPatient(input: $input) { id } }',
    { input: { mrn: 'BENCH-1', givenName: 'Bench', familyName: 'Patient', dateOfBirth: '1980-01-01', sex: 'FEMALE' } },
    staff.token,
  );
  const opened = await graphql<{ openCase: { id: string } }>(url, 'mutation O($input: OpenCaseInput!) { openCase(input: $input) { id } }', { input: { patientId: patient.registerPatient.id, indication: 'TRD' } }, staff.token);
  const caseId = opened.openCase.id;
  const team = 'mutation A($c: ID!, $m: ID!, $r: CaseRole!) { addCareTeamMember(caseId: $c, membershipId: $m, caseRole: $r) { id } }';
  await graphql(url, team, { c: caseId, m: therapist.membershipId, r: 'LEAD_THERAPIST' }, admin.token);
  await graphql(url, team, { c: caseId, m: staff.membershipId, r: 'COORDINATOR' }, admin.token);
  await graphql(url, team, { c: caseId, m: prescriber.membershipId, r: 'PRESCRIBER_OF_RECORD' }, admin.token);
  const dueAt = new Date(Date.now() + 48 * 3_600_000).toISOString();
  return {
    tenantId: created.tenant.id,
    async assign(i) {
      const input = { kind: 'CUSTOM', title: `Bench task ${i}`, assigneeId: therapist.membershipId, dueAt };
      await graphql(url, 'mutation C($c: ID!, $i: FollowUpInputType!) { createFollowUp(caseId: $c, input: $i) { id } }', { c: caseId, i: input }, staff.token);
    },
    async safetyAlert() {
      const input = { instrument: 'PHQ9', answers: [1, 1, 1, 1, 1, 1, 1, 1, 1] };
      await graphql(url, 'mutation M($c: ID!, $i: RecordMeasureInput!) { recordMeasure(caseId: $c, input: $i) { id } }', { c: caseId, i: input }, therapist.token);
    },
  };
}
