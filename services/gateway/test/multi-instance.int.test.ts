import { createHash } from 'node:crypto';
import { systemClock } from '@tandem/core';
import { QueueName, queuePrefix } from '@tandem/jobs';
import { eventually, queueAdds, startTestSmtp } from '@tandem/testing';
import type { TestSmtp } from '@tandem/testing';
import { Queue } from 'bullmq';
import { assign, openCase, registerPatient } from './support/case-fixture';
import { addMember, codeOf, createClinic, gql } from './support/clinic-fixture';
import type { Clinic, GatewayUnderTest, Member } from './support/clinic-fixture';
import { startDeployment } from './support/instances';
import type { Deployment, GatewayProcess, WorkerProcess } from './support/instances';
import { ownerQuery } from './support/test-gateway';

/**
 * Tandem as several stateless instances (docs/operations.md, "Several gateways and workers"):
 * two gateway processes and two worker processes, built entry points, on one PostgreSQL
 * database and one Redis key prefix. What one gateway counts or learns, the other knows; what
 * the workers deliver, they deliver once, even when one of them is killed mid-flight.
 */
const MEMBERS = 'query M($n: Int!) { members(page: { first: $n }) { count } }';
const REGISTER = 'mutation R($input: RegisterPatientInput!, $key: String) { registerPatient(input: $input, idempotencyKey: $key) { id mrn } }';
const CREATE_KEY = 'mutation { createApiKey(input: { label: "partner", scopes: ["members:read"] }) { secret } }';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A POST with Apollo's persisted-query extension; `query` undefined sends the hash alone. */
async function persisted(app: GatewayUnderTest, hash: string, query: string | undefined, token: string): Promise<{ errors?: { extensions?: Record<string, unknown> }[]; data?: Record<string, any> | null }> {
  const response = await fetch(app.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
  });
  return (await response.json()) as { data?: Record<string, any> | null };
}

const HOUR = 3_600_000;
const FOLLOW_UPS_PER_TEAM = 12;
const CREATE_FOLLOW_UP = 'mutation C($c: ID!, $i: FollowUpInputType!) { createFollowUp(caseId: $c, input: $i) { id } }';

interface Team {
  readonly clinic: Clinic;
  readonly staff: Member;
  readonly therapist: Member;
  readonly prescriber: Member;
  readonly caseId: string;
}

/** A clinic whose coordinator gives follow-ups to the lead therapist; the case has a prescriber of record. */
async function careTeam(app: GatewayUnderTest, name: string): Promise<Team> {
  const clinic = await createClinic(app, systemClock, name);
  const [staff, therapist, prescriber] = [await addMember(app, clinic, ['STAFF']), await addMember(app, clinic, ['THERAPIST']), await addMember(app, clinic, ['PRESCRIBER'])];
  const caseId = await openCase(app, staff.accessToken, await registerPatient(app, staff.accessToken));
  for (const [member, role] of [[therapist, 'LEAD_THERAPIST'], [prescriber, 'PRESCRIBER_OF_RECORD'], [staff, 'COORDINATOR']] as const) await assign(app, clinic.admin.accessToken, caseId, member.membershipId, role);
  return { clinic, staff, therapist, prescriber, caseId };
}

/**
 * An overdue follow-up (due 25 h ago: the overdue and the admins' escalation fire at once) or
 * one due in an hour and 20 seconds (its 1-hour reminder fires 20 seconds from now).
 */
async function assignFollowUp(app: GatewayUnderTest, team: Team, overdue: boolean): Promise<string> {
  const dueAt = new Date(Date.now() + (overdue ? -25 * HOUR : HOUR + 20_000)).toISOString();
  const created = await gql(app, CREATE_FOLLOW_UP, { c: team.caseId, i: { kind: 'CUSTOM', title: 'Integration call', assigneeId: team.therapist.membershipId, dueAt } }, team.staff.accessToken);
  const id = created.body.data?.createFollowUp.id as string | undefined;
  if (!id) throw new Error(`createFollowUp failed: ${JSON.stringify(created.body.errors)}`);
  return id;
}

interface Expected {
  readonly subjectId: string;
  readonly kind: string;
  readonly membershipId: string;
  readonly email: string;
}

/** What docs/notifications.md promises for one follow-up, within this test's minute. */
function expectedFor(team: Team, followUpId: string, overdue: boolean): Expected[] {
  const to = (kind: string, member: Member) => ({ subjectId: followUpId, kind, membershipId: member.membershipId, email: member.email });
  const assigned = to('FOLLOW_UP_ASSIGNED', team.therapist);
  if (!overdue) return [assigned, to('FOLLOW_UP_REMINDER', team.therapist)];
  return [assigned, to('FOLLOW_UP_OVERDUE', team.therapist), to('FOLLOW_UP_OVERDUE', team.prescriber), to('FOLLOW_UP_OVERDUE', team.clinic.admin)];
}

interface InboxRow {
  subject_id: string;
  kind: string;
  membership_id: string;
  dedupe_key: string;
}

const inbox = (deployment: Deployment) => ownerQuery<InboxRow>(deployment, `SELECT subject_id, kind, membership_id, dedupe_key FROM notification WHERE subject_type = 'FollowUp'`, []);
const asKey = (row: InboxRow | Expected) => ('subject_id' in row ? [row.subject_id, row.kind, row.membership_id] : [row.subjectId, row.kind, row.membershipId]).join(' ');
const tally = (values: readonly string[]) => values.reduce<Record<string, number>>((counts, value) => ({ ...counts, [value]: (counts[value] ?? 0) + 1 }), {});

interface ActiveJob {
  readonly queue: number;
  readonly id: string;
  /** The worker instance that holds it (BullMQ's processedBy). */
  readonly by: string;
}

/** The jobs of these queues that some worker is running right now. */
async function activeJobs(queues: readonly Queue[]): Promise<ActiveJob[]> {
  const active = await Promise.all(queues.map((queue) => queue.getJobs(['active'])));
  return active.flatMap((jobs, queue) => jobs.map((job) => ({ queue, id: job.id ?? '', by: job.processedBy ?? '' })));
}

/** Every outbox row of the database became one job on the notify queue (job id = outbox id), added once. */
async function expectEachOutboxRowEnqueuedOnce(deployment: Deployment): Promise<void> {
  const outbox = await ownerQuery<{ id: string; relayed: boolean }>(deployment, `SELECT id, relayed_at IS NOT NULL AS relayed FROM outbox`, []);
  expect(outbox.filter((row) => !row.relayed)).toEqual([]);
  const adds = await queueAdds(deployment.redis.connect(), queuePrefix(deployment.redis.prefix, QueueName.Notify), QueueName.Notify);
  expect([...adds.added.keys()].sort()).toEqual(outbox.map((row) => row.id).sort());
  expect([...adds.added.values()].filter((n) => n !== 1)).toEqual([]);
  expect(adds.duplicated.size).toBe(0);
}

describe('two gateways and two workers on one PostgreSQL and Redis (built processes)', () => {
  let smtp: TestSmtp;
  let deployment: Deployment;
  let a: GatewayProcess;
  let b: GatewayProcess;
  let workers: [WorkerProcess, WorkerProcess];

  beforeAll(async () => {
    smtp = await startTestSmtp();
    deployment = await startDeployment({
      SMTP_URL: smtp.url,
      // A killed worker's jobs are taken up after about 5 s instead of 30.
      JOB_LOCK_DURATION_MS: '5000',
      // A small budget: 1,000 cost units a minute per API key (at least the most one operation may cost).
      GRAPHQL_MAX_COST: '1000',
      RATE_LIMIT_KEY_COST_PER_MINUTE: '1000',
    });
    [a, b] = await Promise.all([deployment.startGateway(), deployment.startGateway()]);
    workers = [await deployment.startWorker(), await deployment.startWorker()];
  }, 90_000);

  afterAll(async () => {
    await deployment.stop();
    await smtp.close();
  });

  it('shares rate limits: cost spent through gateway A counts at gateway B', async () => {
    const clinic = await createClinic(a, systemClock, 'shared-rate');
    const key = (await gql(a, CREATE_KEY, {}, clinic.admin.accessToken)).body.data?.createApiKey.secret as string;
    // Each request costs 100 (a page of 99): ten spend the 1,000, refilled at about 17 a second,
    // so an eleventh would need 6 s more than this test takes. Gateways with budgets of their own would serve 20.
    const served = [];
    for (let i = 0; i < 10; i += 1) served.push(await gql(i % 2 === 0 ? a : b, MEMBERS, { n: 99 }, key));
    expect(served.map((response) => [response.status, response.body.data?.members.count])).toEqual(Array(10).fill([200, 1]));
    const remaining = served.map((response) => Number(response.headers.get('ratelimit-remaining')));
    expect(remaining[0]).toBeLessThanOrEqual(900 + 2);
    for (let i = 1; i < remaining.length; i += 1) expect(remaining[i]).toBeLessThan(remaining[i - 1]);

    const refused = await gql(b, MEMBERS, { n: 99 }, key);
    expect([refused.status, codeOf(refused)]).toEqual([429, 'RATE_LIMITED']);
    const retryAfter = refused.body.errors?.[0]?.extensions?.retryAfterSeconds as number;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('retry-after')).toBe(String(retryAfter));
    expect(codeOf(await gql(a, MEMBERS, { n: 99 }, key))).toBe('RATE_LIMITED');
  });

  it('shares automatic persisted queries: a hash registered through A is served by B', async () => {
    const clinic = await createClinic(b, systemClock, 'shared-apq');
    const token = clinic.admin.accessToken;
    const query = 'query SharedAcrossGateways { clinic { name slug } }';
    const hash = sha256(query);
    expect((await persisted(b, hash, undefined, token)).errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');

    const registered = await persisted(a, hash, query, token);
    expect(registered.errors).toBeUndefined();
    const byHashAtB = await persisted(b, hash, undefined, token);
    expect(byHashAtB).toEqual(registered);
    expect(byHashAtB.data?.clinic.slug).toBe(clinic.slug);
  });

  it('shares idempotency keys: retries of one create spread over both gateways write one patient', async () => {
    const clinic = await createClinic(a, systemClock, 'shared-idem');
    const input = { mrn: 'IDEM-SHARED-1', givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '1980-01-01', sex: 'FEMALE' };
    const retries = await Promise.all([a, b, a, b].map((gateway) => gql(gateway, REGISTER, { input, key: 'register-once' }, clinic.admin.accessToken)));
    expect(retries.map((response) => response.body.errors)).toEqual([undefined, undefined, undefined, undefined]);
    expect(new Set(retries.map((response) => response.body.data?.registerPatient.id as string)).size).toBe(1);
    expect(await ownerQuery(deployment, 'SELECT count(*)::int AS n FROM patient WHERE tenant_id = $1', [clinic.id])).toEqual([{ n: 1 }]);
  });

  it('delivers every follow-up notification and reminder exactly once while a worker is killed mid-flight and restarted', async () => {
    const teams = [await careTeam(a, 'once-a'), await careTeam(b, 'once-b')];
    const expected: Expected[] = [];
    for (let i = 0; i < FOLLOW_UPS_PER_TEAM * teams.length; i += 1) {
      const team = teams[i % teams.length];
      const overdue = Math.floor(i / teams.length) % 2 === 0;
      const id = await assignFollowUp([a, b][i % 2], team, overdue);
      expected.push(...expectedFor(team, id, overdue));
    }
    // Once the first e-mails went out, every answer of the mail server is held, so that the worker
    // killed below is mid-send (some of its jobs have sent part of their e-mails), not in the
    // instant after the server accepted a message (docs/notifications.md, "Exactly one e-mail").
    await smtp.waitFor(4, 30_000);
    const hold = smtp.holdAll();

    // Both workers have jobs in flight (BullMQ names the worker that took each one); kill one.
    const queues = [QueueName.Notify, QueueName.Reminders].map((name) => new Queue(name, { connection: deployment.redis.connect(), prefix: queuePrefix(deployment.redis.prefix, name) }));
    let inFlight: ActiveJob[] = [];
    await eventually(async () => {
      inFlight = await activeJobs(queues);
      return hold.held() >= 2 && new Set(inFlight.map((job) => job.by)).size === 2;
    }, 30_000);
    const [killed, survivor] = workers;
    await killed.process.stop('SIGKILL');
    // What it held when it died: a job seen in flight may still have finished in the instant
    // before the signal landed; that one the killed worker completed itself, once.
    const interrupted: ActiveJob[] = [];
    for (const job of inFlight.filter((seen) => seen.by === killed.instance)) {
      const now = await queues[job.queue]?.getJob(job.id);
      const finishedBeforeDeath = (await now?.getState()) === 'completed' && now?.processedBy === killed.instance;
      if (!finishedBeforeDeath) interrupted.push(job);
    }
    await new Promise((resolve) => setTimeout(resolve, 300)); // its SMTP sessions close
    hold.release();
    const restarted = await deployment.startWorker();
    workers = [restarted, survivor];

    await eventually(async () => smtp.received.length >= expected.length && (await inbox(deployment)).length >= expected.length, 120_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // room for a duplicate to show up

    // One inbox entry per follow-up × kind × recipient, and nothing else.
    const rows = await inbox(deployment);
    expect(rows.map(asKey).sort()).toEqual(expected.map(asKey).sort());
    expect(new Set(rows.map((row) => row.dedupe_key)).size).toBe(rows.length);
    // One e-mail per owed delivery: each Message-ID (stable per dedupe key) arrived once.
    const owed = await ownerQuery<{ status: string; n: number }>(deployment, `SELECT status, count(*)::int AS n FROM email_delivery GROUP BY status`, []);
    expect(owed).toEqual([{ status: 'SENT', n: expected.length }]);
    expect(smtp.received).toHaveLength(expected.length);
    expect(new Set(smtp.received.map((mail) => mail.messageId)).size).toBe(expected.length);
    expect(tally(smtp.received.flatMap((mail) => mail.to))).toEqual(tally(expected.map((e) => e.email)));
    // What the killed worker held was finished by another once its lock lapsed; nothing failed.
    expect(interrupted.length).toBeGreaterThan(0);
    for (const job of interrupted) {
      const after = await queues[job.queue]?.getJob(job.id);
      expect([await after?.getState(), after?.stalledCounter, [survivor.instance, restarted.instance].includes(after?.processedBy ?? '')]).toEqual(['completed', 1, true]);
    }
    expect(await Promise.all(queues.map((queue) => queue.getJobCountByTypes('failed')))).toEqual([0, 0]);
    await Promise.all(queues.map((queue) => queue.close()));
    // Both relays ran: every outbox row became one notify job, added once.
    await expectEachOutboxRowEnqueuedOnce(deployment);
    // No PHI in the workers' logs: not even the clinicians' addresses they mailed.
    for (const worker of [killed, survivor, restarted]) expect(teams.some((team) => worker.process.output().includes(team.therapist.email))).toBe(false);
  }, 180_000);
});
