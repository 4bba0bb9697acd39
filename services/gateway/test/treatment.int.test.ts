import { DEFAULT_CONTRAINDICATIONS } from '@tandem/clinical';
import { ManualClock } from '@tandem/core';
import { addMember, codeOf, createClinic, fieldOf, gql } from './support/clinic-fixture';
import type { Clinic, Member } from './support/clinic-fixture';
import { assign, openCase, registerPatient } from './support/case-fixture';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

const SCREEN = `mutation S($c: ID!, $i: RecordScreeningInput!) { recordScreening(caseId: $c, input: $i) { outcome presentAbsolute presentRelative } }`;
const CLEAR = `mutation C($c: ID!, $o: [OverrideInput!]) { grantMedicalClearance(caseId: $c, overrides: $o) { id overrides { code } } }`;
const CONSENT = `mutation K($c: ID!, $i: RecordConsentInput!) { recordConsent(caseId: $c, input: $i) { id signedAt } }`;
const MOVE = `mutation T($c: ID!, $to: CaseStatus!, $r: String) { transitionCase(caseId: $c, to: $to, reason: $r) { status } }`;

/** Every checklist item answered, those in `present` as present. */
function answers(present: string[] = []) {
  return DEFAULT_CONTRAINDICATIONS.map((item) => ({ code: item.code, present: present.includes(item.code) }));
}

const normalVitals = { systolic: 128, diastolic: 82, heartRate: 72, spo2: 98 };

describe('screening, clearance and consent: the gates before dosing (through HTTP)', () => {
  const clock = new ManualClock(new Date('2026-06-15T12:00:00Z'));
  let app: TestGateway;
  let clinic: Clinic;
  let prescriber: Member;
  let otherPrescriber: Member;
  let therapist: Member;
  let nurse: Member;
  let staff: Member;
  let documentId: string;

  beforeAll(async () => {
    app = await startTestGateway({ clock });
    clinic = await createClinic(app, clock, 'treatment');
    prescriber = await addMember(app, clinic, ['PRESCRIBER']);
    otherPrescriber = await addMember(app, clinic, ['PRESCRIBER']);
    therapist = await addMember(app, clinic, ['THERAPIST']);
    nurse = await addMember(app, clinic, ['NURSE']);
    staff = await addMember(app, clinic, ['STAFF']);
    const published = await gql(app, 'mutation { publishConsentDocument(title: "KAP informed consent", body: "Risks, benefits, alternatives…") { id version } }', {}, clinic.admin.accessToken);
    documentId = published.body.data?.publishConsentDocument.id as string;
  });

  afterAll(async () => {
    await app.stop();
  });

  async function teamCase(): Promise<string> {
    const caseId = await openCase(app, staff.accessToken, await registerPatient(app, staff.accessToken));
    await assign(app, clinic.admin.accessToken, caseId, prescriber.membershipId, 'PRESCRIBER_OF_RECORD');
    await assign(app, clinic.admin.accessToken, caseId, therapist.membershipId, 'LEAD_THERAPIST');
    await assign(app, clinic.admin.accessToken, caseId, nurse.membershipId, 'MONITORING_NURSE');
    await assign(app, clinic.admin.accessToken, caseId, staff.membershipId, 'COORDINATOR');
    return caseId;
  }

  it('walks a case from referral to dosing through every gate, and a revoked consent holds it', async () => {
    const caseId = await teamCase();
    const move = (token: string, to: string, reason?: string) => gql(app, MOVE, { c: caseId, to, r: reason ?? null }, token);
    expect((await move(therapist.accessToken, 'SCREENING')).body.data?.transitionCase.status).toBe('SCREENING');

    const early = await gql(app, CLEAR, { c: caseId }, prescriber.accessToken);
    expect([codeOf(early), early.body.errors?.[0]?.extensions?.unmet]).toEqual(['CONFLICT', ['SCREENING_COMPLETED']]);

    const screened = await gql(app, SCREEN, { c: caseId, i: { answers: answers(['TAKES_OPIOIDS']), baselineVitals: normalVitals } }, nurse.accessToken);
    expect(screened.body.data?.recordScreening).toEqual({ outcome: 'NEEDS_REVIEW', presentAbsolute: [], presentRelative: ['TAKES_OPIOIDS'] });
    expect((await move(therapist.accessToken, 'AWAITING_CLEARANCE')).body.data?.transitionCase.status).toBe('AWAITING_CLEARANCE');

    expect(codeOf(await gql(app, CLEAR, { c: caseId, o: [{ code: 'TAKES_OPIOIDS', reason: 'Tapered' }] }, therapist.accessToken))).toBe('FORBIDDEN');
    expect(codeOf(await gql(app, CLEAR, { c: caseId, o: [{ code: 'TAKES_OPIOIDS', reason: 'Tapered' }] }, otherPrescriber.accessToken))).toBe('NOT_FOUND');
    const noReason = await gql(app, CLEAR, { c: caseId, o: [{ code: 'TAKES_OPIOIDS', reason: '   ' }] }, prescriber.accessToken);
    expect([codeOf(noReason), noReason.body.errors?.[0]?.extensions?.missingOverrides]).toEqual(['CONFLICT', ['TAKES_OPIOIDS']]);
    const stray = await gql(app, CLEAR, { c: caseId, o: [{ code: 'PREGNANCY', reason: 'n/a' }] }, prescriber.accessToken);
    expect([codeOf(stray), fieldOf(stray)]).toEqual(['BAD_USER_INPUT', 'overrides']);
    expect(codeOf(await gql(app, CLEAR, { c: caseId, o: [{ code: 'TAKES_OPIOIDS', reason: 'Low-dose, stable; monitored' }] }, prescriber.accessToken))).toBeUndefined();
    expect((await move(prescriber.accessToken, 'AWAITING_CONSENT')).body.data?.transitionCase.status).toBe('AWAITING_CONSENT');

    const consent = await gql(app, CONSENT, { c: caseId, i: { documentId, signerName: 'Ada Patient', witnessName: 'Nurse N', method: 'IN_PERSON' } }, staff.accessToken);
    const consentId = consent.body.data?.recordConsent.id as string;
    expect(consentId).toBeDefined();
    expect((await move(staff.accessToken, 'PREPARATION')).body.data?.transitionCase.status).toBe('PREPARATION');
    expect((await move(prescriber.accessToken, 'DOSING')).body.data?.transitionCase.status).toBe('DOSING');

    expect(codeOf(await gql(app, `mutation { revokeConsent(id: "${consentId}", reason: "x") { id } }`, {}, staff.accessToken))).toBe('FORBIDDEN');
    await gql(app, `mutation { revokeConsent(id: "${consentId}", reason: "Patient changed their mind") { revokedAt } }`, {}, therapist.accessToken);
    expect((await gql(app, `{ case(id: "${caseId}") { status } }`, {}, prescriber.accessToken)).body.data?.case.status).toBe('ON_HOLD');
    const resume = await move(prescriber.accessToken, 'DOSING');
    expect([codeOf(resume), resume.body.errors?.[0]?.extensions?.unmet]).toEqual(['CONFLICT', ['ACTIVE_CONSENT']]);
    const asStaff = (await gql(app, `{ caseConsents(caseId: "${caseId}") { revokedAt revocationReason } }`, {}, staff.accessToken)).body.data?.caseConsents;
    expect(asStaff).toEqual([{ revokedAt: expect.any(String), revocationReason: null }]);
  });

  it('never clears an absolute contraindication; BP above 180/100 marks it whatever was ticked', async () => {
    const caseId = await teamCase();
    const screened = await gql(app, SCREEN, { c: caseId, i: { answers: answers(), baselineVitals: { systolic: 181, diastolic: 95 } } }, prescriber.accessToken);
    expect(screened.body.data?.recordScreening).toMatchObject({ outcome: 'INELIGIBLE', presentAbsolute: ['UNCONTROLLED_HYPERTENSION'] });
    const refused = await gql(app, CLEAR, { c: caseId }, prescriber.accessToken);
    expect([codeOf(refused), refused.body.errors?.[0]?.extensions?.absolute]).toEqual(['CONFLICT', ['UNCONTROLLED_HYPERTENSION']]);
  });

  it("follows the clinic's own checklist, and an interacting medicine ticks its item", async () => {
    const strict = await createClinic(app, clock, 'strict-screening');
    const settings = { screening: { treatAsAbsolute: ['TAKES_MAOIS'], additionalItems: [{ code: 'SEIZURE_DISORDER', label: 'Seizure disorder', severity: 'RELATIVE' }] } };
    await gql(app, 'mutation U($s: JSONObject!) { updateClinic(input: { settings: $s }) { slug } }', { s: settings }, strict.admin.accessToken);
    const rx = await addMember(app, strict, ['PRESCRIBER']);
    const caseId = await openCase(app, strict.admin.accessToken, await registerPatient(app, strict.admin.accessToken));
    await assign(app, strict.admin.accessToken, caseId, rx.membershipId, 'PRESCRIBER_OF_RECORD');
    const checklist = (await gql(app, '{ contraindicationChecklist { code severity } }', {}, rx.accessToken)).body.data?.contraindicationChecklist;
    expect(checklist).toEqual(expect.arrayContaining([{ code: 'TAKES_MAOIS', severity: 'ABSOLUTE' }, { code: 'SEIZURE_DISORDER', severity: 'RELATIVE' }]));
    const missing = await gql(app, SCREEN, { c: caseId, i: { answers: answers(), baselineVitals: normalVitals } }, rx.accessToken);
    expect([codeOf(missing), fieldOf(missing), missing.body.errors?.[0]?.message]).toEqual(['BAD_USER_INPUT', 'answers', 'Unanswered items: SEIZURE_DISORDER']);
    const input = {
      answers: [...answers(), { code: 'SEIZURE_DISORDER', present: false }],
      baselineVitals: normalVitals,
      medications: [{ name: 'Phenelzine', interactionClass: 'MAOI' }, { name: 'Sertraline', interactionClass: 'NONE' }],
      medicalHistory: ['Appendectomy 2010'],
    };
    const screened = await gql(app, SCREEN, { c: caseId, i: input }, rx.accessToken);
    expect(screened.body.data?.recordScreening).toEqual({ outcome: 'INELIGIBLE', presentAbsolute: ['TAKES_MAOIS'], presentRelative: [] });
    const refused = await gql(app, 'mutation U($s: JSONObject!) { updateClinic(input: { settings: $s }) { slug } }', { s: { screening: { treatAsAbsolute: ['NOT_AN_ITEM'] } } }, strict.admin.accessToken);
    expect([codeOf(refused), fieldOf(refused)]).toEqual(['BAD_USER_INPUT', 'settings.screening.treatAsAbsolute.0']);
  });

  it.each([
    ['an unanswered item', { answers: answers().slice(1), baselineVitals: normalVitals }, 'answers'],
    ['an unknown item', { answers: [...answers(), { code: 'MADE_UP', present: false }], baselineVitals: normalVitals }, 'answers'],
    ['a systolic of 400', { answers: answers(), baselineVitals: { systolic: 400, diastolic: 80 } }, 'baselineVitals.systolic'],
    ['an SpO2 of 101', { answers: answers(), baselineVitals: { ...normalVitals, spo2: 101 } }, 'baselineVitals.spo2'],
  ])('refuses a screening with %s, naming the field, writing nothing', async (_label, input, field) => {
    const caseId = await teamCase();
    const response = await gql(app, SCREEN, { c: caseId, i: input }, prescriber.accessToken);
    expect([codeOf(response), fieldOf(response)]).toEqual(['BAD_USER_INPUT', field]);
    expect((await gql(app, `{ caseScreenings(caseId: "${caseId}") { id } }`, {}, prescriber.accessToken)).body.data?.caseScreenings).toEqual([]);
  });

  it('keeps screening content from staff and from another clinic', async () => {
    const caseId = await teamCase();
    await gql(app, SCREEN, { c: caseId, i: { answers: answers(), baselineVitals: normalVitals } }, prescriber.accessToken);
    expect(codeOf(await gql(app, `{ caseScreenings(caseId: "${caseId}") { id } }`, {}, staff.accessToken))).toBe('FORBIDDEN');
    expect(codeOf(await gql(app, SCREEN, { c: caseId, i: { answers: answers(), baselineVitals: normalVitals } }, staff.accessToken))).toBe('FORBIDDEN');
    const elsewhere = await createClinic(app, clock, 'treatment-other');
    const foreignPrescriber = await addMember(app, elsewhere, ['PRESCRIBER']);
    expect(codeOf(await gql(app, SCREEN, { c: caseId, i: { answers: answers(), baselineVitals: normalVitals } }, foreignPrescriber.accessToken))).toBe('NOT_FOUND');
    expect(codeOf(await gql(app, CONSENT, { c: caseId, i: { documentId, signerName: 'X', method: 'ELECTRONIC' } }, foreignPrescriber.accessToken))).toBe('NOT_FOUND');
    expect(codeOf(await gql(app, CLEAR, { c: caseId }, foreignPrescriber.accessToken))).toBe('NOT_FOUND');
  });
});
