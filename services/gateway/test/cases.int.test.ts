import { ManualClock } from '@tandem/core';
import { addMember, codeOf, createClinic, fieldOf, gql } from './support/clinic-fixture';
import type { Clinic, Member } from './support/clinic-fixture';
import { ADD, OPEN, REGISTER, assign, openCase, registerPatient } from './support/case-fixture';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

describe('patients, cases and care teams (through HTTP)', () => {
  const clock = new ManualClock(new Date('2026-06-15T12:00:00Z'));
  let app: TestGateway;
  let clinic: Clinic;
  let other: Clinic;
  let staff: Member;
  let prescriber: Member;
  let therapist: Member;
  let nurse: Member;
  let outsider: Member;

  beforeAll(async () => {
    app = await startTestGateway({ clock });
    clinic = await createClinic(app, clock, 'cases');
    other = await createClinic(app, clock, 'cases-other');
    staff = await addMember(app, clinic, ['STAFF']);
    prescriber = await addMember(app, clinic, ['PRESCRIBER']);
    therapist = await addMember(app, clinic, ['THERAPIST']);
    nurse = await addMember(app, clinic, ['NURSE']);
    outsider = await addMember(app, clinic, ['THERAPIST'], { outsideCollaborator: true });
  });

  afterAll(async () => {
    await app.stop();
  });

  const count = async (table: string) =>
    (await app.db.asSystem('test-fixture', (m) => m.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`, [clinic.id])))[0]?.n;

  describe('patients', () => {
    it.each([
      [{ dateOfBirth: '2026-06-16' }, 'BAD_USER_INPUT', 'dateOfBirth'],
      [{ dateOfBirth: '1981-02-29' }, 'BAD_USER_INPUT', 'dateOfBirth'],
      [{ mrn: '  ' }, 'BAD_USER_INPUT', 'mrn'],
      [{ givenName: '' }, 'BAD_USER_INPUT', 'givenName'],
    ])('refuses registration with %j and writes nothing', async (change, code, field) => {
      const before = await count('patient');
      const input = { mrn: 'MRN-BAD', givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '1980-01-01', sex: 'FEMALE', ...change };
      const response = await gql(app, REGISTER, { input }, staff.accessToken);
      expect([codeOf(response), fieldOf(response)]).toEqual([code, field]);
      expect(await count('patient')).toBe(before);
    });

    it('refuses a second patient with the same MRN', async () => {
      await registerPatient(app, staff.accessToken, { mrn: 'DUP-1' });
      const response = await gql(app, REGISTER, { input: { mrn: 'DUP-1', givenName: 'B', familyName: 'C', dateOfBirth: '1990-01-01', sex: 'MALE' } }, staff.accessToken);
      expect([codeOf(response), fieldOf(response)]).toEqual(['CONFLICT', 'mrn']);
    });

    it('keeps weight for the care team: 20–350 kg, history kept, staff refused', async () => {
      const patientId = await registerPatient(app, staff.accessToken);
      const caseId = await openCase(app, staff.accessToken, patientId);
      await assign(app, clinic.admin.accessToken, caseId, nurse.membershipId, 'MONITORING_NURSE');
      const RECORD = 'mutation W($p: ID!, $kg: Float!) { recordPatientWeight(patientId: $p, weightKg: $kg) { weight { kg } } }';
      for (const kg of [19.9, 350.1]) {
        const refused = await gql(app, RECORD, { p: patientId, kg }, nurse.accessToken);
        expect([codeOf(refused), fieldOf(refused)]).toEqual(['BAD_USER_INPUT', 'weightKg']);
      }
      expect(codeOf(await gql(app, RECORD, { p: patientId, kg: 70 }, staff.accessToken))).toBe('FORBIDDEN');
      expect(codeOf(await gql(app, RECORD, { p: patientId, kg: 70 }, therapist.accessToken))).toBe('FORBIDDEN');
      await gql(app, RECORD, { p: patientId, kg: 71.2 }, nurse.accessToken);
      clock.advance(60_000);
      const latest = await gql(app, RECORD, { p: patientId, kg: 70.4 }, nurse.accessToken);
      expect(latest.body.data?.recordPatientWeight.weight).toEqual({ kg: 70.4 });
      const asStaff = await gql(app, `{ patient(id: "${patientId}") { familyName weight { kg } } }`, {}, staff.accessToken);
      expect(asStaff.body.data?.patient.weight).toBeNull();
      expect(asStaff.body.data?.patient.familyName).toMatch(/^Lovelace/);
    });

    it('searches by name prefix or MRN within the clinic; outside collaborators see only their cases', async () => {
      const id = await registerPatient(app, staff.accessToken, { familyName: 'Zebulon', mrn: 'SEARCH-1' });
      await registerPatient(app, other.admin.accessToken, { familyName: 'Zebulon', mrn: 'SEARCH-1' });
      const SEARCH = (q: string) => `{ patients(search: "${q}", page: { first: 10 }) { edges { node { id familyName } } } }`;
      expect((await gql(app, SEARCH('zeb'), {}, staff.accessToken)).body.data?.patients.edges).toEqual([{ node: { id, familyName: 'Zebulon' } }]);
      expect((await gql(app, SEARCH('SEARCH-1'), {}, staff.accessToken)).body.data?.patients.edges).toHaveLength(1);
      expect((await gql(app, SEARCH('zeb'), {}, outsider.accessToken)).body.data?.patients.edges).toEqual([]);
      expect((await gql(app, SEARCH('%'), {}, staff.accessToken)).body.data?.patients.edges).toEqual([]);
    });
  });

  describe('cases', () => {
    it('opens one case per patient at REFERRAL', async () => {
      const patientId = await registerPatient(app, staff.accessToken);
      const opened = await gql(app, OPEN, { input: { patientId, indication: 'PTSD', referralSource: 'Dr. Referrer' } }, staff.accessToken);
      expect(opened.body.data?.openCase).toMatchObject({ status: 'REFERRAL', indication: null });
      const second = await gql(app, OPEN, { input: { patientId, indication: 'MDD' } }, prescriber.accessToken);
      expect([codeOf(second), fieldOf(second)]).toEqual(['CONFLICT', 'patientId']);
    });

    it.each([
      [{ indication: 'OTHER' }, 'indicationOther'],
      [{ indication: 'MDD', indicationOther: 'why not' }, 'indicationOther'],
    ])('refuses %j and writes nothing', async (change, field) => {
      const patientId = await registerPatient(app, staff.accessToken);
      const before = await count('clinical_case');
      const response = await gql(app, OPEN, { input: { patientId, ...change } }, staff.accessToken);
      expect([codeOf(response), fieldOf(response)]).toEqual(['BAD_USER_INPUT', field]);
      expect(await count('clinical_case')).toBe(before);
    });

    it("answers NOT_FOUND for another clinic's patient, case and member ids", async () => {
      const foreignPatient = await registerPatient(app, other.admin.accessToken);
      const foreignCase = await openCase(app, other.admin.accessToken, foreignPatient);
      expect(codeOf(await gql(app, OPEN, { input: { patientId: foreignPatient, indication: 'MDD' } }, staff.accessToken))).toBe('NOT_FOUND');
      expect(codeOf(await gql(app, `{ case(id: "${foreignCase}") { id } }`, {}, clinic.admin.accessToken))).toBe('NOT_FOUND');
      expect(codeOf(await gql(app, `{ patient(id: "${foreignPatient}") { id } }`, {}, clinic.admin.accessToken))).toBe('NOT_FOUND');
      const ownCase = await openCase(app, staff.accessToken, await registerPatient(app, staff.accessToken));
      expect(codeOf(await gql(app, ADD, { c: ownCase, m: other.admin.membershipId, r: 'COORDINATOR' }, clinic.admin.accessToken))).toBe('NOT_FOUND');
      expect(codeOf(await gql(app, ADD, { c: foreignCase, m: nurse.membershipId, r: 'COORDINATOR' }, clinic.admin.accessToken))).toBe('NOT_FOUND');
    });

    it('shows clinical fields to the care team only: staff see logistics, others on no team see nothing', async () => {
      const caseId = await openCase(app, staff.accessToken, await registerPatient(app, staff.accessToken), 'GAD');
      const READ = `{ case(id: "${caseId}") { status indication careTeam { caseRole } patient { familyName } } }`;
      expect(codeOf(await gql(app, READ, {}, therapist.accessToken))).toBe('NOT_FOUND');
      expect((await gql(app, READ, {}, staff.accessToken)).body.data?.case).toMatchObject({ status: 'REFERRAL', indication: null, careTeam: [] });
      await assign(app, clinic.admin.accessToken, caseId, therapist.membershipId, 'LEAD_THERAPIST');
      const asTherapist = (await gql(app, READ, {}, therapist.accessToken)).body.data?.case;
      expect(asTherapist).toMatchObject({ indication: 'GAD', careTeam: [{ caseRole: 'LEAD_THERAPIST' }] });
      expect(asTherapist.patient.familyName).toMatch(/^Lovelace/);
      expect(codeOf(await gql(app, READ, {}, outsider.accessToken))).toBe('NOT_FOUND');
      await assign(app, clinic.admin.accessToken, caseId, outsider.membershipId, 'CO_THERAPIST');
      expect((await gql(app, READ, {}, outsider.accessToken)).body.data?.case.indication).toBe('GAD');
    });

    it('lets admins and the prescriber of record staff the team; fits roles; records every change', async () => {
      const caseId = await openCase(app, staff.accessToken, await registerPatient(app, staff.accessToken));
      const misfit = await gql(app, ADD, { c: caseId, m: therapist.membershipId, r: 'PRESCRIBER_OF_RECORD' }, clinic.admin.accessToken);
      expect([codeOf(misfit), fieldOf(misfit)]).toEqual(['BAD_USER_INPUT', 'caseRole']);
      await assign(app, clinic.admin.accessToken, caseId, prescriber.membershipId, 'PRESCRIBER_OF_RECORD');
      await assign(app, prescriber.accessToken, caseId, therapist.membershipId, 'LEAD_THERAPIST');
      expect(codeOf(await gql(app, ADD, { c: caseId, m: nurse.membershipId, r: 'MONITORING_NURSE' }, therapist.accessToken))).toBe('FORBIDDEN');
      expect(codeOf(await gql(app, ADD, { c: caseId, m: therapist.membershipId, r: 'LEAD_THERAPIST' }, prescriber.accessToken))).toBe('CONFLICT');
      const timeline = await gql(app, `{ caseTimeline(caseId: "${caseId}", page: { first: 10 }) { edges { node { kind detail } } } }`, {}, prescriber.accessToken);
      expect(timeline.body.data?.caseTimeline.edges.map((e: { node: { kind: string } }) => e.node.kind)).toEqual(['CASE_OPENED', 'TEAM_MEMBER_ADDED', 'TEAM_MEMBER_ADDED']);
    });

    it('refuses to remove the last prescriber or therapist of a case in dosing', async () => {
      const caseId = await openCase(app, staff.accessToken, await registerPatient(app, staff.accessToken));
      const rx = await assign(app, clinic.admin.accessToken, caseId, prescriber.membershipId, 'PRESCRIBER_OF_RECORD');
      const tx = await assign(app, clinic.admin.accessToken, caseId, therapist.membershipId, 'LEAD_THERAPIST');
      // Dosing needs clearance and consent (treatment issue); the fixture sets the status directly.
      await app.db.asSystem('test-fixture', (m) => m.query(`UPDATE clinical_case SET status = 'DOSING' WHERE id = $1`, [caseId]));
      const REMOVE = (id: string) => `mutation { removeCareTeamMember(id: "${id}") { id } }`;
      const refused = await gql(app, REMOVE(rx), {}, clinic.admin.accessToken);
      expect([codeOf(refused), refused.body.errors?.[0]?.extensions?.unmet]).toEqual(['CONFLICT', ['PRESCRIBER_ON_TEAM']]);
      expect(codeOf(await gql(app, REMOVE(tx), {}, clinic.admin.accessToken))).toBe('CONFLICT');
      await assign(app, clinic.admin.accessToken, caseId, therapist.membershipId, 'CO_THERAPIST');
      expect(codeOf(await gql(app, REMOVE(tx), {}, clinic.admin.accessToken))).toBeUndefined();
    });

    it('lists with filters in SQL; staff may not filter by indication', async () => {
      const mine = await openCase(app, staff.accessToken, await registerPatient(app, staff.accessToken), 'MDD');
      await assign(app, clinic.admin.accessToken, mine, nurse.membershipId, 'MONITORING_NURSE');
      const LIST = (filter: string) => `{ cases(page: { first: 50 }, filter: ${filter}) { count edges { node { id status } } } }`;
      const nurseCases = (await gql(app, LIST('{ mine: true }'), {}, nurse.accessToken)).body.data?.cases.edges.map((e: { node: { id: string } }) => e.node.id);
      expect(nurseCases).toContain(mine);
      const byIndication = await gql(app, LIST('{ indication: MDD }'), {}, staff.accessToken);
      expect([codeOf(byIndication), fieldOf(byIndication)]).toEqual(['FORBIDDEN', 'indication']);
      const referrals = (await gql(app, LIST('{ statuses: [REFERRAL] }'), {}, staff.accessToken)).body.data?.cases;
      expect(referrals.count).toBeGreaterThan(1);
      expect(referrals.edges.every((e: { node: { status: string } }) => e.node.status === 'REFERRAL')).toBe(true);
    });
  });

  describe('lifecycle', () => {
    const MOVE = 'mutation T($c: ID!, $to: CaseStatus!, $r: String) { transitionCase(caseId: $c, to: $to, reason: $r) { status statusReason } }';
    const move = (token: string, caseId: string, to: string, reason?: string) => gql(app, MOVE, { c: caseId, to, r: reason ?? null }, token);

    it('walks referral to screening, holds with a reason, and resumes where it was', async () => {
      const caseId = await openCase(app, staff.accessToken, await registerPatient(app, staff.accessToken));
      await assign(app, clinic.admin.accessToken, caseId, therapist.membershipId, 'LEAD_THERAPIST');
      await assign(app, clinic.admin.accessToken, caseId, nurse.membershipId, 'MONITORING_NURSE');
      const notYours = await move(nurse.accessToken, caseId, 'SCREENING');
      expect([codeOf(notYours), notYours.body.errors?.[0]?.extensions?.allowedRoles]).toEqual(['FORBIDDEN', ['PRESCRIBER_OF_RECORD', 'LEAD_THERAPIST', 'COORDINATOR']]);
      expect((await move(therapist.accessToken, caseId, 'SCREENING')).body.data?.transitionCase.status).toBe('SCREENING');
      const noReason = await move(nurse.accessToken, caseId, 'ON_HOLD', '  ');
      expect([codeOf(noReason), noReason.body.errors?.[0]?.extensions?.unmet]).toEqual(['CONFLICT', ['HOLD_REASON']]);
      expect((await move(nurse.accessToken, caseId, 'ON_HOLD', 'Patient travelling')).body.data?.transitionCase).toEqual({ status: 'ON_HOLD', statusReason: 'Patient travelling' });
      expect(codeOf(await move(therapist.accessToken, caseId, 'PREPARATION'))).toBe('CONFLICT');
      expect((await move(therapist.accessToken, caseId, 'SCREENING')).body.data?.transitionCase.status).toBe('SCREENING');
      const events = await gql(app, `{ caseTimeline(caseId: "${caseId}", page: { first: 20 }) { edges { node { kind detail } } } }`, {}, therapist.accessToken);
      expect(events.body.data?.caseTimeline.edges.filter((e: { node: { kind: string } }) => e.node.kind === 'STATUS_CHANGED').map((e: { node: { detail: unknown } }) => e.node.detail)).toEqual([
        { from: 'REFERRAL', to: 'SCREENING' },
        { from: 'SCREENING', to: 'ON_HOLD' },
        { from: 'ON_HOLD', to: 'SCREENING' },
      ]);
    });

    it('refuses an illegal step and lists exactly the unmet dosing requirements, writing nothing', async () => {
      const caseId = await openCase(app, staff.accessToken, await registerPatient(app, staff.accessToken));
      await assign(app, clinic.admin.accessToken, caseId, prescriber.membershipId, 'PRESCRIBER_OF_RECORD');
      const illegal = await move(prescriber.accessToken, caseId, 'DOSING');
      expect([codeOf(illegal), illegal.body.errors?.[0]?.extensions?.reason]).toEqual(['CONFLICT', 'ILLEGAL_TRANSITION']);
      // Screening, clearance and consent arrive with the treatment service; the fixture stands the case in preparation.
      await app.db.asSystem('test-fixture', (m) => m.query(`UPDATE clinical_case SET status = 'PREPARATION' WHERE id = $1`, [caseId]));
      const events = await count('case_event');
      const withoutTherapist = await move(prescriber.accessToken, caseId, 'DOSING');
      expect(withoutTherapist.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', unmet: ['THERAPIST_ON_TEAM', 'MEDICAL_CLEARANCE', 'ACTIVE_CONSENT'] });
      await assign(app, prescriber.accessToken, caseId, therapist.membershipId, 'CO_THERAPIST');
      const withTherapist = await move(prescriber.accessToken, caseId, 'DOSING');
      expect(withTherapist.body.errors?.[0]?.extensions?.unmet).toEqual(['MEDICAL_CLEARANCE', 'ACTIVE_CONSENT']);
      expect(await count('case_event')).toBe(events + 1);
      expect((await gql(app, `{ case(id: "${caseId}") { status } }`, {}, prescriber.accessToken)).body.data?.case.status).toBe('PREPARATION');
    });

    it('lets an admin close a withdrawn case but not advance care; others off the team cannot see it', async () => {
      const caseId = await openCase(app, staff.accessToken, await registerPatient(app, staff.accessToken));
      expect(codeOf(await move(clinic.admin.accessToken, caseId, 'SCREENING'))).toBe('FORBIDDEN');
      expect((await move(clinic.admin.accessToken, caseId, 'WITHDRAWN', 'Moved away')).body.data?.transitionCase.status).toBe('WITHDRAWN');
      expect((await move(clinic.admin.accessToken, caseId, 'CLOSED')).body.data?.transitionCase.status).toBe('CLOSED');
      expect(codeOf(await move(therapist.accessToken, caseId, 'ON_HOLD', 'x'))).toBe('NOT_FOUND');
    });
  });

  describe('cost', () => {
    it('a page of 50 cases with patients and care teams costs the same statements as a page of 5', async () => {
      for (let i = 0; i < 50; i += 1) {
        const caseId = await openCase(app, staff.accessToken, await registerPatient(app, staff.accessToken));
        if (i % 2 === 0) await assign(app, clinic.admin.accessToken, caseId, nurse.membershipId, 'COORDINATOR');
      }
      const page = (first: number) => `{ cases(page: { first: ${first} }) { edges { node { id patient { familyName } careTeam { caseRole displayName } } } } }`;
      const cost = async (first: number) => {
        const before = app.db.statementsSent;
        const response = await gql(app, page(first), {}, clinic.admin.accessToken);
        expect(response.body.data?.cases.edges).toHaveLength(first);
        return app.db.statementsSent - before;
      };
      const five = await cost(5);
      const fifty = await cost(50);
      expect(fifty).toBe(five);
      // Four transactions of four statements (BEGIN, set_config, the query, COMMIT): the
      // session check, the case page, the patients loader and the care-team loader.
      expect(five).toBeLessThanOrEqual(17);
    });
  });
});
