import { ManualClock } from '@tandem/core';
import { eventually, startTestSmtp } from '@tandem/testing';
import type { TestSmtp } from '@tandem/testing';
import { codeOf, fieldOf, gql } from './support/clinic-fixture';
import type { Clinic, Member } from './support/clinic-fixture';
import { createDosingTeam, dosingCase } from './support/dosing-fixture';
import type { DosingTeam } from './support/dosing-fixture';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';
import { startTestWorker } from './support/test-worker';
import type { TestWorker } from './support/test-worker';

const HOUR = 3_600_000;
const FOLLOW_UPS = `query F($c: ID!) { caseFollowUps(caseId: $c, page: { first: 20 }) { edges { node { id kind assigneeId dueAt status } } } }`;
const INBOX = `{ inbox(page: { first: 50 }) { edges { node { kind subjectType subjectId caseId } } } }`;

describe('follow-ups, reminders and notifications end to end (real worker, Redis, PostgreSQL, SMTP)', () => {
  const clock = new ManualClock(new Date('2026-06-15T12:00:00Z'));
  let app: TestGateway;
  let worker: TestWorker;
  let smtp: TestSmtp;
  let clinic: Clinic;
  let team: DosingTeam;
  let prescriber: Member;
  let therapist: Member;
  let nurse: Member;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    app = await startTestGateway({ clock });
    worker = await startTestWorker(app, { clock, smtpUrl: smtp.url });
    team = await createDosingTeam(app, clock, 'reminders');
    ({ clinic, prescriber, therapist, nurse } = team);
  });

  afterAll(async () => {
    await worker.stop();
    await app.stop();
    await smtp.close();
  });

  const inboxOf = async (member: Member) => ((await gql(app, INBOX, {}, member.accessToken)).body.data?.inbox.edges ?? []).map((e: { node: unknown }) => e.node) as { kind: string; subjectId: string }[];
  const mailTo = (member: Member, subject?: string) => smtp.received.filter((mail) => mail.to.includes(member.email) && (!subject || mail.subject === subject));
  const jobOf = (followUpId: string, dueAt: string, step: string) => worker.reminders.getJob(`follow-up-reminder.${followUpId}.${new Date(dueAt).getTime()}.${step}`);

  /** A dosing session completed through the API, with monitoring of 120 minutes. */
  async function completedDosing(caseId: string, patientId: string): Promise<void> {
    const startsAt = new Date(clock.now().getTime() + 60_000).toISOString();
    const input = { kind: 'DOSING', startsAt, expectedMinutes: 180, location: 'IN_CLINIC', participantIds: [prescriber.membershipId, therapist.membershipId, nurse.membershipId] };
    const sessionId = (await gql(app, 'mutation S($c: ID!, $i: ScheduleSessionInput!) { scheduleSession(caseId: $c, input: $i) { id } }', { c: caseId, i: input }, prescriber.accessToken)).body.data?.scheduleSession.id as string;
    await gql(app, 'mutation W($p: ID!) { recordPatientWeight(patientId: $p, weightKg: 80) { id } }', { p: patientId }, nurse.accessToken);
    await gql(app, 'mutation V($s: ID!, $i: VitalsInput!) { recordVitals(sessionId: $s, input: $i) { kind } }', { s: sessionId, i: { at: clock.now().toISOString(), phase: 'PRE_DOSE', systolic: 120, diastolic: 80, heartRate: 70, spo2: 98 } }, nurse.accessToken);
    await gql(app, 'mutation D($s: ID!, $i: DoseInputType!) { recordDose(sessionId: $s, input: $i) { doseMg } }', { s: sessionId, i: { amount: 0.5, unit: 'MG_PER_KG', lotNumber: 'LOT-1' } }, prescriber.accessToken);
    const started = clock.now();
    const completion = { monitoringStartedAt: started.toISOString(), monitoringEndedAt: new Date(started.getTime() + 120 * 60_000).toISOString(), dischargeReady: true, transport: 'Partner drove' };
    const done = await gql(app, 'mutation C($s: ID!, $i: CompleteSessionInput!) { completeSession(id: $s, input: $i) }', { s: sessionId, i: completion }, nurse.accessToken);
    expect(done.body.data).toEqual({ completeSession: true });
  }

  it('after a dose: integration and check-in follow-ups with reminders planned; completing withdraws them, rescheduling moves them', async () => {
    const { caseId, patientId } = await dosingCase(app, team);
    await completedDosing(caseId, patientId);
    const completedAt = clock.now().getTime();
    let followUps: { id: string; kind: string; assigneeId: string; dueAt: string }[] = [];
    await eventually(async () => {
      followUps = (await gql(app, FOLLOW_UPS, { c: caseId }, therapist.accessToken)).body.data?.caseFollowUps.edges.map((e: { node: unknown }) => e.node);
      return followUps.length === 2;
    });
    const integration = followUps.find((f) => f.kind === 'INTEGRATION_SESSION');
    const checkIn = followUps.find((f) => f.kind === 'POST_DOSE_CHECK_IN');
    expect([integration?.assigneeId, new Date(integration?.dueAt ?? 0).getTime()]).toEqual([therapist.membershipId, completedAt + 72 * HOUR]);
    expect([checkIn?.assigneeId, new Date(checkIn?.dueAt ?? 0).getTime()]).toEqual([nurse.membershipId, completedAt + 24 * HOUR]);
    const [i, c] = [integration as { id: string; dueAt: string }, checkIn as { id: string; dueAt: string }];

    // 24 h and 1 h before, at due (prescriber), 24 h later (admins); the check-in's 24-hour reminder was already due.
    await eventually(async () => (await jobOf(i.id, i.dueAt, 'overdue-admin')) !== undefined && (await jobOf(c.id, c.dueAt, 'overdue-admin')) !== undefined);
    for (const [step, hoursBeforeDue] of [['remind-24h', 24], ['remind-1h', 1], ['overdue', 0], ['overdue-admin', -24]] as const) {
      const job = await jobOf(i.id, i.dueAt, step);
      expect([step, await job?.getState(), job?.delay]).toEqual([step, 'delayed', 72 * HOUR - hoursBeforeDue * HOUR]);
    }
    expect(await jobOf(c.id, c.dueAt, 'remind-24h')).toBeUndefined();
    expect(await (await jobOf(c.id, c.dueAt, 'remind-1h'))?.getState()).toBe('delayed');
    // The assignee heard of each new follow-up (in the inbox and by e-mail).
    await eventually(async () => (await inboxOf(nurse)).some((n) => n.kind === 'FOLLOW_UP_ASSIGNED' && n.subjectId === c.id));
    await smtp.waitFor(2);
    expect(mailTo(nurse, 'You have a new follow-up in Tandem')).toHaveLength(1);

    expect((await gql(app, `mutation { completeFollowUp(id: "${c.id}", note: "Called; doing well") { status } }`, {}, nurse.accessToken)).body.data?.completeFollowUp.status).toBe('DONE');
    await eventually(async () => (await jobOf(c.id, c.dueAt, 'overdue')) === undefined);
    for (const step of ['remind-1h', 'overdue-admin']) expect(await jobOf(c.id, c.dueAt, step)).toBeUndefined();

    const later = new Date(new Date(i.dueAt).getTime() + 48 * HOUR).toISOString();
    expect((await gql(app, `mutation { rescheduleFollowUp(id: "${i.id}", dueAt: "${later}") { dueAt } }`, {}, therapist.accessToken)).body.data?.rescheduleFollowUp.dueAt).toBe(later);
    await eventually(async () => (await jobOf(i.id, i.dueAt, 'overdue')) === undefined && (await jobOf(i.id, later, 'overdue')) !== undefined);
    expect((await jobOf(i.id, later, 'remind-24h'))?.delay).toBe(96 * HOUR);
  });

  it('an overdue follow-up escalates to the prescriber of record, then to the admins; a stale reminder does nothing', async () => {
    const { caseId } = await dosingCase(app, team);
    const dueAt = new Date(clock.now().getTime() + 2 * HOUR).toISOString();
    const created = await gql(app, 'mutation C($c: ID!, $i: FollowUpInputType!) { createFollowUp(caseId: $c, input: $i) { id } }', { c: caseId, i: { kind: 'CUSTOM', title: 'Send integration worksheet', assigneeId: therapist.membershipId, dueAt } }, therapist.accessToken);
    const id = created.body.data?.createFollowUp.id as string;
    await eventually(async () => (await jobOf(id, dueAt, 'overdue-admin')) !== undefined);
    expect(await jobOf(id, dueAt, 'remind-24h')).toBeUndefined();
    // Assigned to oneself: no "new follow-up" notification.
    expect((await inboxOf(therapist)).filter((n) => n.subjectId === id)).toEqual([]);

    // Promoting a delayed job runs it now, as BullMQ would at its time.
    await (await jobOf(id, dueAt, 'remind-1h'))?.promote();
    await eventually(async () => (await inboxOf(therapist)).some((n) => n.kind === 'FOLLOW_UP_REMINDER' && n.subjectId === id));
    await (await jobOf(id, dueAt, 'overdue'))?.promote();
    await eventually(async () => (await inboxOf(prescriber)).some((n) => n.kind === 'FOLLOW_UP_OVERDUE' && n.subjectId === id));
    expect((await inboxOf(clinic.admin)).filter((n) => n.subjectId === id)).toEqual([]);
    await (await jobOf(id, dueAt, 'overdue-admin'))?.promote();
    await eventually(async () => (await inboxOf(clinic.admin)).some((n) => n.kind === 'FOLLOW_UP_OVERDUE' && n.subjectId === id));
    await eventually(() => Promise.resolve(mailTo(clinic.admin, 'A follow-up is overdue in Tandem').length === 1));
    expect(mailTo(prescriber, 'A follow-up is overdue in Tandem')).toHaveLength(1);

    // A reminder planned for a due time the follow-up no longer has finds nothing to do.
    const before = (await inboxOf(therapist)).length;
    const staleData = { tenantId: clinic.id, requestId: 'stale', followUpId: id, dueAt: new Date(0).toISOString(), kind: 'REMIND_ASSIGNEE' };
    const stale = await worker.reminders.add('follow-up-reminder', staleData, { jobId: `stale.${id}` });
    await eventually(async () => (await stale.getState()) === 'completed');
    expect((await inboxOf(therapist)).length).toBe(before);
  });

  it('PHQ-9 item 9 = 1: the prescriber and the therapist each get one inbox entry and one e-mail at once, repeated every 30 minutes until acknowledged', async () => {
    const { caseId } = await dosingCase(app, team);
    const sent = smtp.received.length;
    const answers = [1, 1, 1, 1, 1, 1, 1, 1, 1];
    const measure = await gql(app, 'mutation M($c: ID!, $i: RecordMeasureInput!) { recordMeasure(caseId: $c, input: $i) { safetySignal } }', { c: caseId, i: { instrument: 'PHQ9', answers } }, therapist.accessToken);
    expect(measure.body.data?.recordMeasure.safetySignal).toBe(true);
    const alerts = async (member: Member) => (await inboxOf(member)).filter((n) => n.kind === 'SAFETY_ALERT');
    await eventually(async () => (await alerts(prescriber)).length === 1 && (await alerts(therapist)).length === 1);
    await smtp.waitFor(sent + 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const safetyMail = (member: Member) => mailTo(member, 'Safety alert in Tandem: please act now');
    expect([safetyMail(prescriber).length, safetyMail(therapist).length, safetyMail(nurse).length]).toEqual([1, 1, 0]);
    expect(safetyMail(prescriber)[0]?.raw).not.toMatch(/PHQ|item 9|suicid/i);

    // Turning safety alerts off is refused; the repeat fires until a clinician acknowledges.
    const off = await gql(app, 'mutation { setNotificationPreference(kind: "SAFETY_ALERT", inApp: true, email: false) { email } }', {}, prescriber.accessToken);
    expect([codeOf(off), fieldOf(off)]).toEqual(['BAD_USER_INPUT', 'email']);
    const signalId = (await alerts(prescriber))[0]?.subjectId ?? '';
    const repeat = (round: number) => worker.reminders.getJob(`safety-repeat.${signalId}.${round}`);
    await eventually(async () => (await (await repeat(1))?.getState()) === 'delayed');
    expect((await repeat(1))?.delay).toBe(30 * 60_000);
    await (await repeat(1))?.promote();
    await eventually(async () => (await alerts(prescriber)).length === 2 && (await alerts(therapist)).length === 2);
    await eventually(async () => (await (await repeat(2))?.getState()) === 'delayed');
    await gql(app, `mutation { acknowledgeSafetySignal(id: "${signalId}", actionTaken: "Called patient; safety plan reviewed") { id } }`, {}, therapist.accessToken);
    await (await repeat(2))?.promote();
    await eventually(async () => (await (await repeat(2))?.getState()) === 'completed');
    expect([(await alerts(prescriber)).length, await repeat(3)]).toEqual([2, undefined]);
  });

  it('a vitals escalation alerts the prescriber and the nurse on the team', async () => {
    const { caseId } = await dosingCase(app, team);
    const startsAt = new Date(clock.now().getTime() + 60_000).toISOString();
    const sessionId = (await gql(app, 'mutation S($c: ID!, $i: ScheduleSessionInput!) { scheduleSession(caseId: $c, input: $i) { id } }', { c: caseId, i: { kind: 'DOSING', startsAt, expectedMinutes: 180, location: 'IN_CLINIC', participantIds: [prescriber.membershipId, therapist.membershipId, nurse.membershipId] } }, prescriber.accessToken)).body.data?.scheduleSession.id as string;
    await gql(app, 'mutation V($s: ID!, $i: VitalsInput!) { recordVitals(sessionId: $s, input: $i) { kind } }', { s: sessionId, i: { at: clock.now().toISOString(), phase: 'DURING', spo2: 85 } }, nurse.accessToken);
    const escalations = async (member: Member) => (await inboxOf(member)).filter((n) => n.kind === 'VITALS_ESCALATION' && n.subjectId === sessionId);
    await eventually(async () => (await escalations(prescriber)).length === 1 && (await escalations(nurse)).length === 1);
    expect(await escalations(therapist)).toEqual([]);
  });

  it('lets a member choose channels per kind, never for safety alerts; a careless kind is refused', async () => {
    const list = await gql(app, '{ notificationPreferences { kind inApp email required } }', {}, nurse.accessToken);
    expect(list.body.data?.notificationPreferences).toContainEqual({ kind: 'SAFETY_ALERT', inApp: true, email: true, required: true });
    const set = await gql(app, 'mutation { setNotificationPreference(kind: "FOLLOW_UP_REMINDER", inApp: true, email: false) { kind inApp email } }', {}, nurse.accessToken);
    expect(set.body.data?.setNotificationPreference).toEqual({ kind: 'FOLLOW_UP_REMINDER', inApp: true, email: false });
    const unknown = await gql(app, 'mutation { setNotificationPreference(kind: "EVERYTHING", inApp: false, email: false) { kind } }', {}, nurse.accessToken);
    expect([codeOf(unknown), fieldOf(unknown)]).toEqual(['BAD_USER_INPUT', 'kind']);
    const vitals = await gql(app, 'mutation { setNotificationPreference(kind: "VITALS_ESCALATION", inApp: false, email: true) { kind } }', {}, nurse.accessToken);
    expect([codeOf(vitals), fieldOf(vitals)]).toEqual(['BAD_USER_INPUT', 'inApp']);
    const mine = (await gql(app, '{ notificationPreferences { kind email } }', {}, nurse.accessToken)).body.data?.notificationPreferences;
    expect(mine).toContainEqual({ kind: 'FOLLOW_UP_REMINDER', email: false });
    // Preferences are one's own: another member's list is untouched.
    expect((await gql(app, '{ notificationPreferences { kind email } }', {}, therapist.accessToken)).body.data?.notificationPreferences).toContainEqual({ kind: 'FOLLOW_UP_REMINDER', email: true });
    expect(codeOf(await gql(app, '{ notificationPreferences { kind } }', {}, undefined))).toBe('UNAUTHENTICATED');

    // The preference holds: a reminder reaches the inbox only.
    const { caseId } = await dosingCase(app, team);
    const dueAt = new Date(clock.now().getTime() + 3 * HOUR).toISOString();
    const id = (await gql(app, 'mutation C($c: ID!, $i: FollowUpInputType!) { createFollowUp(caseId: $c, input: $i) { id } }', { c: caseId, i: { kind: 'CUSTOM', title: 'Ride home check', assigneeId: nurse.membershipId, dueAt } }, nurse.accessToken)).body.data?.createFollowUp.id as string;
    await eventually(async () => (await jobOf(id, dueAt, 'remind-1h')) !== undefined);
    const sent = smtp.received.length;
    await (await jobOf(id, dueAt, 'remind-1h'))?.promote();
    await eventually(async () => (await inboxOf(nurse)).some((n) => n.kind === 'FOLLOW_UP_REMINDER' && n.subjectId === id));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.received.length).toBe(sent);
  });
});
