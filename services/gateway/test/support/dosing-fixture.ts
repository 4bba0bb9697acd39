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

/** The state of the patients dosingCase registers, where the team's prescriber is licensed. */
export const PATIENT_STATE = 'OR';

type Credentialed = 'prescriber' | 'therapist' | 'nurse';

/**
 * A clinic with a prescriber, a therapist, a nurse, a coordinator and a published consent form.
 * The credential gates always apply, so each clinician holds what their part needs, verified by
 * the admin through the API (docs/credentials.md), unless named in `uncredentialed`.
 */
export async function createDosingTeam(app: TestGateway, clock: Clock, name: string, options: { uncredentialed?: readonly Credentialed[] } = {}): Promise<DosingTeam> {
  const clinic = await createClinic(app, clock, name);
  const [prescriber, therapist, nurse, staff] = [await addMember(app, clinic, ['PRESCRIBER']), await addMember(app, clinic, ['THERAPIST']), await addMember(app, clinic, ['NURSE']), await addMember(app, clinic, ['STAFF'])];
  const published = await gql(app, 'mutation { publishConsentDocument(title: "KAP consent", body: "…") { id } }', {}, clinic.admin.accessToken);
  const team = { clinic, prescriber, therapist, nurse, staff, consentDocument: published.body.data?.publishConsentDocument.id as string };
  const skip = new Set(options.uncredentialed ?? []);
  for (const part of (['prescriber', 'therapist', 'nurse'] as const).filter((p) => !skip.has(p))) {
    for (const input of CREDENTIALS_OF[part](clock)) await holdVerified(app, team, team[part], input);
  }
  return team;
}

/** Current for years either side of the clinic's clock, so tests that move it stay covered. */
function span(clock: Clock): { issuedOn: string; expiresOn: string } {
  const year = clock.now().getUTCFullYear();
  return { issuedOn: `${year - 2}-01-01`, expiresOn: `${year + 5}-12-31` };
}

/** What each part of a dosing session needs: docs/credentials.md, "Readiness". */
export const CREDENTIALS_OF: Record<Credentialed, (clock: Clock) => Record<string, unknown>[]> = {
  prescriber: (clock) => [
    { kind: 'LICENSE', jurisdiction: PATIENT_STATE, number: 'MD12345', ...span(clock) },
    { kind: 'DEA_REGISTRATION', number: 'AB1234563', ...span(clock) },
  ],
  therapist: (clock) => [{ kind: 'KAP_TRAINING', issuedOn: span(clock).issuedOn, hours: 60, modules: ['SCREENING', 'SET_AND_SETTING', 'INTEGRATION', 'ETHICS', 'TRAUMA_INFORMED_CARE'] }],
  nurse: (clock) => [
    { kind: 'LICENSE', jurisdiction: PATIENT_STATE, number: 'RN123456', ...span(clock) },
    { kind: 'BLS', ...span(clock) },
  ],
};

/** The member adds the credential and the clinic's admin verifies it; fails loudly when refused. */
export async function holdVerified(app: TestGateway, team: Pick<DosingTeam, 'clinic'>, holder: Member, input: Record<string, unknown>): Promise<string> {
  const added = await gql(app, 'mutation A($i: CredentialInput!) { addCredential(input: $i) { id } }', { i: input }, holder.accessToken);
  const id = added.body.data?.addCredential?.id as string | undefined;
  if (!id) throw new Error(`credential refused: ${JSON.stringify(added.body.errors)}`);
  const verified = await gql(app, 'mutation V($id: ID!) { verifyCredential(id: $id) { verified } }', { id }, team.clinic.admin.accessToken);
  if (verified.body.data?.verifyCredential?.verified !== true) throw new Error(`verification refused: ${JSON.stringify(verified.body.errors)}`);
  return id;
}

/**
 * A case walked through every gate into DOSING, through the API, with an IV plan ordered by the
 * prescriber (unless `plan` is false). The patient lives in PATIENT_STATE unless told otherwise.
 */
export async function dosingCase(
  app: TestGateway,
  team: DosingTeam,
  options: { patientState?: string | null; plan?: boolean } = {},
): Promise<{ caseId: string; patientId: string; consentId: string }> {
  const { clinic, prescriber, therapist, nurse, staff } = team;
  const state = options.patientState === undefined ? PATIENT_STATE : options.patientState;
  const patientId = await registerPatient(app, staff.accessToken, state === null ? {} : { state });
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
  if (options.plan !== false) {
    const plan = await gql(app, PLAN, { c: caseId, i: { route: 'IV', plannedDosingSessions: 6, doseUnit: 'MG_PER_KG', doseMin: 0.5, doseMax: 0.75 } }, prescriber.accessToken);
    if (!plan.body.data?.setTreatmentPlan) throw new Error(`plan refused: ${JSON.stringify(plan.body.errors)}`);
  }
  return { caseId, patientId, consentId: consent.body.data?.recordConsent.id as string };
}
