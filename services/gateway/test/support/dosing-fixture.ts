import { DEFAULT_CONTRAINDICATIONS } from '@tandem/clinical';
import type { Clock } from '@tandem/core';
import { addMember, createClinic, gql } from './clinic-fixture';
import type { Clinic, Member } from './clinic-fixture';
import { assign, openCase, registerPatient } from './case-fixture';
import type { TestGateway } from './test-gateway';

export const PLAN = `mutation P($c: ID!, $i: TreatmentPlanInput!) { setTreatmentPlan(caseId: $c, input: $i) { id route } }`;

export interface DosingTeam {
  readonly clinic: Clinic;
  readonly prescriber: Member;
  readonly therapist: Member;
  readonly nurse: Member;
  readonly staff: Member;
  /** A published consent document of the clinic. */
  readonly consentDocument: string;
}

/** A clinic with a prescriber, a therapist, a nurse, a coordinator and a published consent form. */
export async function createDosingTeam(app: TestGateway, clock: Clock, name: string): Promise<DosingTeam> {
  const clinic = await createClinic(app, clock, name);
  const [prescriber, therapist, nurse, staff] = [await addMember(app, clinic, ['PRESCRIBER']), await addMember(app, clinic, ['THERAPIST']), await addMember(app, clinic, ['NURSE']), await addMember(app, clinic, ['STAFF'])];
  const published = await gql(app, 'mutation { publishConsentDocument(title: "KAP consent", body: "…") { id } }', {}, clinic.admin.accessToken);
  return { clinic, prescriber, therapist, nurse, staff, consentDocument: published.body.data?.publishConsentDocument.id as string };
}

/** A case walked through every gate into DOSING, through the API, with an IV plan. */
export async function dosingCase(app: TestGateway, team: DosingTeam): Promise<{ caseId: string; patientId: string; consentId: string }> {
  const { clinic, prescriber, therapist, nurse, staff } = team;
  const patientId = await registerPatient(app, staff.accessToken);
  const caseId = await openCase(app, staff.accessToken, patientId);
  await assign(app, clinic.admin.accessToken, caseId, prescriber.membershipId, 'PRESCRIBER_OF_RECORD');
  await assign(app, clinic.admin.accessToken, caseId, therapist.membershipId, 'LEAD_THERAPIST');
  await assign(app, clinic.admin.accessToken, caseId, nurse.membershipId, 'MONITORING_NURSE');
  const move = (to: string) => gql(app, 'mutation T($c: ID!, $to: CaseStatus!) { transitionCase(caseId: $c, to: $to) { status } }', { c: caseId, to }, prescriber.accessToken);
  await move('SCREENING');
  const answers = DEFAULT_CONTRAINDICATIONS.map((item) => ({ code: item.code, present: false }));
  await gql(app, 'mutation S($c: ID!, $i: RecordScreeningInput!) { recordScreening(caseId: $c, input: $i) { id } }', { c: caseId, i: { answers, baselineVitals: { systolic: 120, diastolic: 80 } } }, prescriber.accessToken);
  await move('AWAITING_CLEARANCE');
  await gql(app, `mutation { grantMedicalClearance(caseId: "${caseId}") { id } }`, {}, prescriber.accessToken);
  await move('AWAITING_CONSENT');
  const consent = await gql(app, 'mutation K($c: ID!, $d: ID!) { recordConsent(caseId: $c, input: { documentId: $d, signerName: "Pat", method: IN_PERSON }) { id } }', { c: caseId, d: team.consentDocument }, prescriber.accessToken);
  await move('PREPARATION');
  const dosing = await move('DOSING');
  if (dosing.body.data?.transitionCase.status !== 'DOSING') throw new Error(`not dosing: ${JSON.stringify(dosing.body.errors)}`);
  await gql(app, PLAN, { c: caseId, i: { route: 'IV', plannedDosingSessions: 6, doseUnit: 'MG_PER_KG', doseMin: 0.5, doseMax: 0.75 } }, prescriber.accessToken);
  return { caseId, patientId, consentId: consent.body.data?.recordConsent.id as string };
}
