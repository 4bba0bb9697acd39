import { ManualClock } from '@tandem/core';
import { QueueName, queuePrefix } from '@tandem/jobs';
import { eventually, startTestSmtp } from '@tandem/testing';
import type { TestSmtp } from '@tandem/testing';
import { Queue } from 'bullmq';
import { gql } from './support/clinic-fixture';
import type { Member } from './support/clinic-fixture';
import { createDosingTeam, dosingCase, holdVerified } from './support/dosing-fixture';
import type { DosingTeam } from './support/dosing-fixture';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';
import { startTestWorker } from './support/test-worker';
import type { TestWorker } from './support/test-worker';

const DAY = 86_400_000;
const SCHEDULE = `mutation S($c: ID!, $i: ScheduleSessionInput!) { scheduleSession(caseId: $c, input: $i) { id } }`;
const ADD = `mutation A($i: CredentialInput!) { addCredential(input: $i) { id } }`;
const VERIFY = `mutation V($id: ID!) { verifyCredential(id: $id) { verified } }`;
const CORRECT = `mutation U($id: ID!, $i: CredentialInput!) { updateCredential(id: $id, input: $i) { id } }`;
const NURSE_BLS = { kind: 'BLS', issuedOn: '2024-07-10' };
const PRESCRIBER_DEA = { kind: 'DEA_REGISTRATION', number: 'AB1234563', issuedOn: '2023-06-30' };
// The clinic's schedule: what the care team, the coordinators and the admins all read.
const SESSIONS = `{ sessions(page: { first: 20 }) { edges { node { id credentialBlocks { membershipId part requirements expiresOn } } } } }`;
const INBOX = `{ inbox(page: { first: 50 }) { edges { node { kind subjectType subjectId caseId } } } }`;

describe('sessions blocked by a credential that expires before them (real gateway, worker, Redis, PostgreSQL)', () => {
  const clock = new ManualClock(new Date('2026-06-15T16:00:00Z'));
  let app: TestGateway;
  let worker: TestWorker;
  let smtp: TestSmtp;
  let team: DosingTeam;
  let caseId: string;

  const schedule = async (inDays: number, participants: Member[]) => {
    const startsAt = new Date(clock.now().getTime() + inDays * DAY).toISOString();
    const response = await gql(app, SCHEDULE, { c: caseId, i: { kind: 'DOSING', startsAt, expectedMinutes: 180, location: 'IN_CLINIC', participantIds: participants.map((p) => p.membershipId) } }, team.staff.accessToken);
    const id = response.body.data?.scheduleSession.id as string | undefined;
    if (!id) throw new Error(`not scheduled: ${JSON.stringify(response.body.errors)}`);
    return id;
  };
  const verified = async (holder: Member, input: Record<string, unknown>) => {
    const id = (await gql(app, ADD, { i: input }, holder.accessToken)).body.data?.addCredential.id as string;
    await gql(app, VERIFY, { id }, team.clinic.admin.accessToken);
  };
  /** A correction clears the verification; the admin verifies the corrected credential. */
  const corrected = async (holder: Member, id: string, input: Record<string, unknown>) => {
    await gql(app, CORRECT, { id, i: input }, holder.accessToken);
    await gql(app, VERIFY, { id }, team.clinic.admin.accessToken);
  };
  let nurseBls = '';
  let prescriberDea = '';
  const blocksSeenBy = async (member: Member | string) => {
    const response = await gql(app, SESSIONS, {}, typeof member === 'string' ? member : member.accessToken);
    const edges = response.body.data?.sessions.edges as { node: { id: string; credentialBlocks: unknown } }[] | undefined;
    if (!edges) throw new Error(JSON.stringify(response.body.errors));
    return Object.fromEntries(edges.map(({ node }) => [node.id, node.credentialBlocks]));
  };
  const inboxOf = async (member: Member) => (await gql(app, INBOX, {}, member.accessToken)).body.data?.inbox.edges.map((e: { node: unknown }) => e.node) as unknown[];

  beforeAll(async () => {
    app = await startTestGateway({ clock });
    smtp = await startTestSmtp();
    worker = await startTestWorker(app, { clock, smtpUrl: smtp.url });
    // The nurse and the prescriber hold credentials valid for years, so the gates let the sessions
    // be scheduled; they are corrected to earlier expiries afterwards (see the first test).
    team = await createDosingTeam(app, clock, 'credential-blocks', { uncredentialed: ['nurse', 'prescriber'] });
    await holdVerified(app, team, team.nurse, { kind: 'LICENSE', jurisdiction: 'OR', number: 'RN123456', issuedOn: '2020-01-01', expiresOn: '2028-01-01' });
    nurseBls = await holdVerified(app, team, team.nurse, { ...NURSE_BLS, expiresOn: '2030-07-10' });
    await holdVerified(app, team, team.prescriber, { kind: 'LICENSE', jurisdiction: 'OR', number: 'MD12345', issuedOn: '2020-01-01', expiresOn: '2030-01-01' });
    prescriberDea = await holdVerified(app, team, team.prescriber, { ...PRESCRIBER_DEA, expiresOn: '2030-06-30' });
    ({ caseId } = await dosingCase(app, team));
  });

  afterAll(async () => {
    await worker.stop();
    await app.stop();
    await smtp.close();
  });

  it('shows the nurse and the prescriber blocked on a session after their BLS and DEA registration expire, not on one before, to the care team and the schedulers, not to partners', async () => {
    const before = await schedule(10, [team.therapist, team.prescriber, team.nurse]);
    const after = await schedule(40, [team.therapist, team.prescriber, team.nurse]);
    // Scheduled while both were good; then the BLS is corrected to lapse on 2026-07-10 and the DEA
    // registration on 2026-06-30: between the two sessions.
    await corrected(team.nurse, nurseBls, { ...NURSE_BLS, expiresOn: '2026-07-10' });
    await corrected(team.prescriber, prescriberDea, { ...PRESCRIBER_DEA, expiresOn: '2026-06-30' });
    const expected = {
      [before]: [],
      [after]: [
        { membershipId: team.nurse.membershipId, part: 'MONITORING_NURSE', requirements: ['VERIFIED_BLS'], expiresOn: '2026-07-10' },
        { membershipId: team.prescriber.membershipId, part: 'PRESCRIBER', requirements: ['VERIFIED_DEA_REGISTRATION'], expiresOn: '2026-06-30' },
      ].sort((a, b) => a.membershipId.localeCompare(b.membershipId)),
    };
    expect(await blocksSeenBy(team.prescriber)).toEqual(expected);
    expect(await blocksSeenBy(team.staff)).toEqual(expected);
    // A partner's sessions:read is the schedule without anyone's credentials.
    const partner = await gql(app, 'mutation { createApiKey(input: { label: "partner", scopes: ["sessions:read"] }) { secret } }', {}, team.clinic.admin.accessToken);
    expect(await blocksSeenBy(partner.body.data?.createApiKey.secret as string)).toEqual({ [before]: null, [after]: null });
  });

  it('tells each blocked participant and the admins once per session, through the hourly credential sweep', async () => {
    const blocked = Object.entries(await blocksSeenBy(team.prescriber)).find(([, blocks]) => (blocks as unknown[]).length > 0)?.[0];
    const queue = new Queue(QueueName.Credentials, { connection: app.redis.connect(), prefix: queuePrefix(app.redis.prefix, QueueName.Credentials) });
    try {
      for (const run of [1, 2]) {
        const job = await queue.add('credential-sweep', { tenantId: '', requestId: `test-${run}` });
        await eventually(async () => (await job.getState()) === 'completed');
      }
    } finally {
      await queue.close();
    }
    const notice = { kind: 'SESSION_BLOCKED', subjectType: 'TreatmentSession', subjectId: blocked, caseId };
    expect((await inboxOf(team.nurse)).filter((n) => (n as { kind: string }).kind === 'SESSION_BLOCKED')).toEqual([notice]);
    // The admins hear of each lapse: the nurse's BLS and the prescriber's DEA registration.
    expect((await inboxOf(team.clinic.admin)).filter((n) => (n as { kind: string }).kind === 'SESSION_BLOCKED')).toEqual([notice, notice]);
    expect((await inboxOf(team.prescriber)).filter((n) => (n as { kind: string }).kind === 'SESSION_BLOCKED')).toEqual([notice]);
    expect((await inboxOf(team.therapist)).filter((n) => (n as { kind: string }).kind === 'SESSION_BLOCKED')).toEqual([]);
    // By e-mail too, once each, naming only the kind of event: no session, case or credential.
    const mailTo = (member: Member) => smtp.received.filter((mail) => mail.to.includes(member.email));
    expect(mailTo(team.nurse).map((mail) => mail.subject).sort()).toEqual(['A dosing session is blocked by an expiring credential in Tandem', 'One of your credentials expires soon in Tandem']);
    for (const mail of mailTo(team.nurse)) for (const detail of [blocked ?? '', caseId, 'BLS', team.nurse.membershipId]) expect(mail.raw).not.toContain(detail);
  });

  it('clears the blocks once the renewals are verified', async () => {
    await verified(team.nurse, { kind: 'BLS', issuedOn: '2026-06-01', expiresOn: '2028-06-01' });
    await verified(team.prescriber, { kind: 'DEA_REGISTRATION', number: 'AB1234563', issuedOn: '2026-06-01', expiresOn: '2029-06-30' });
    const blocks = Object.values(await blocksSeenBy(team.prescriber));
    expect(blocks).toEqual([[], []]);
  });
});
