import { ManualClock, loadConfig, newId, silentLogger } from '@tandem/core';
import type { Database } from '@tandem/db';
import { CARE_RULE_SWEEP, careRuleHandler, completeRuleFollowUp, sweepCareRules, sweepClinic } from '@tandem/followups';
import { QueueName, queuePrefix } from '@tandem/jobs';
import { createTenant, createTestDatabase, createTestRedis } from '@tandem/testing';
import type { TestDatabase, TestRedis, TestTenant } from '@tandem/testing';
import { Queue } from 'bullmq';
import { processorsFor, startWorker } from '../src';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
type CaseRole = 'PRESCRIBER_OF_RECORD' | 'LEAD_THERAPIST' | 'CO_THERAPIST' | 'MONITORING_NURSE' | 'COORDINATOR';

interface Team {
  readonly caseId: string;
  readonly members: Partial<Record<CaseRole, string>>;
  readonly anyone: string;
}

interface FollowUpRow {
  kind: string;
  assignee_id: string;
  due_at: Date;
  status: string;
  rule_key: string;
}

/** A case in `status` whose team holds `roles` (rows, as fixtures; one member per role). */
async function caseWithTeam(db: Database, clinic: TestTenant, status: string, roles: readonly CaseRole[]): Promise<Team> {
  const members: Partial<Record<CaseRole, string>> = {};
  const patientId = newId();
  const caseId = newId();
  const anyone = newId();
  await db.asSystem('test-fixture', async (m) => {
    for (const membershipId of [anyone, ...roles.map((role) => (members[role] = newId()))]) {
      const userId = newId();
      await m.query(`INSERT INTO app_user (id, email, display_name, password_hash) VALUES ($1, $2, 'X', 'x')`, [userId, `${userId}@t.example`]);
      await m.query(`INSERT INTO membership (tenant_id, id, user_id, roles) VALUES ($1, $2, $3, $4)`, [clinic.id, membershipId, userId, ['ADMIN']]);
    }
    await m.query(`INSERT INTO patient (tenant_id, id, mrn, given_name, family_name, date_of_birth, sex, created_at, updated_at) VALUES ($1, $2, $3, 'A', 'B', '1980-01-01', 'FEMALE', now(), now())`, [clinic.id, patientId, `M-${patientId}`]);
    await m.query(`INSERT INTO clinical_case (tenant_id, id, patient_id, indication, status, opened_at, updated_at, closed_at, status_reason) VALUES ($1, $2, $3, 'TRD', $4, now(), now(), $5, $6)`, [
      clinic.id, caseId, patientId, status, status === 'CLOSED' ? new Date() : null, status === 'CLOSED' ? 'done' : null,
    ]);
    for (const role of roles) {
      await m.query(`INSERT INTO care_team_member (tenant_id, id, case_id, membership_id, case_role, added_at, added_by) VALUES ($1, $2, $3, $4, $5, now(), $4)`, [clinic.id, newId(), caseId, members[role], role]);
    }
  });
  return { caseId, members, anyone };
}

async function plan(db: Database, clinic: TestTenant, team: Team, route: string): Promise<void> {
  await db.asSystem('test-fixture', (m) =>
    m.query(
      `INSERT INTO treatment_plan (tenant_id, id, case_id, route, planned_dosing_sessions, dose_unit, dose_min, dose_max, max_sessions_per_window, window_days, authored_by, created_at)
       VALUES ($1, $2, $3, $4, 6, 'mg', 28, 84, 2, 7, $5, now())`,
      [clinic.id, newId(), team.caseId, route, team.anyone],
    ),
  );
}

async function completedDosing(db: Database, clinic: TestTenant, team: Team, completedAt: Date, remsSubmittedAt: Date | null = null): Promise<string> {
  const sessionId = newId();
  await db.asSystem('test-fixture', (m) =>
    m.query(
      `INSERT INTO treatment_session (tenant_id, id, case_id, kind, starts_at, expected_minutes, location, status, participant_ids, completed_at, rems_submitted_at, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, 'DOSING', $4, 180, 'IN_CLINIC', 'COMPLETED', $5, $4, $6, $7, $4, $4)`,
      [clinic.id, sessionId, team.caseId, completedAt, [team.anyone], remsSubmittedAt, team.anyone],
    ),
  );
  return sessionId;
}

async function phq9(db: Database, clinic: TestTenant, team: Team, administeredAt: Date): Promise<void> {
  await db.asSystem('test-fixture', (m) =>
    m.query(
      `INSERT INTO measure_response (tenant_id, id, case_id, instrument, answers, total, band, scoring, administered_at, recorded_by)
       VALUES ($1, $2, $3, 'PHQ9', '[1,1,1,1,1,1,1,1,0]', 8, 'MILD', '{}', $4, $5)`,
      [clinic.id, newId(), team.caseId, administeredAt, team.anyone],
    ),
  );
}

async function consent(db: Database, clinic: TestTenant, team: Team, signedAt: Date, revokedAt: Date | null = null): Promise<string> {
  const consentId = newId();
  await db.asSystem('test-fixture', async (m) => {
    const documentId = newId();
    await m.query(`INSERT INTO consent_document (tenant_id, id, title, version, body, created_by, created_at) VALUES ($1, $2, $3, 1, 'Consent', $4, now())`, [clinic.id, documentId, `Consent ${documentId}`, team.anyone]);
    await m.query(
      `INSERT INTO patient_consent (tenant_id, id, case_id, document_id, signer_name, method, signed_at, recorded_by, revoked_at, revoked_by, revocation_reason)
       VALUES ($1, $2, $3, $4, 'A B', 'IN_PERSON', $5, $6, $7, $8, $9)`,
      [clinic.id, consentId, team.caseId, documentId, signedAt, team.anyone, revokedAt, revokedAt ? team.anyone : null, revokedAt ? 'changed mind' : null],
    );
  });
  return consentId;
}

async function settle(db: Database, clinic: TestTenant, settings: object): Promise<void> {
  await db.asSystem('test-fixture', (m) => m.query(`UPDATE tenant SET settings = $2 WHERE id = $1`, [clinic.id, settings]));
}

async function followUps(db: Database, clinic: TestTenant, kind?: string): Promise<FollowUpRow[]> {
  return db.withTenant({ tenantId: clinic.id }, (m) =>
    m.query<FollowUpRow[]>(`SELECT kind, assignee_id, due_at, status, rule_key FROM follow_up WHERE $1::text IS NULL OR kind = $1 ORDER BY due_at`, [kind ?? null]),
  );
}

async function outboxTopics(db: Database, clinic: TestTenant): Promise<Record<string, number>> {
  const rows = await db.withTenant({ tenantId: clinic.id }, (m) => m.query<{ topic: string; n: number }[]>(`SELECT topic, count(*)::int AS n FROM outbox GROUP BY topic`));
  return Object.fromEntries(rows.map((r) => [r.topic, r.n]));
}

function completed(clinic: TestTenant, team: Team, sessionId: string): Parameters<ReturnType<typeof careRuleHandler>['handle']>[0] {
  return { tenantId: clinic.id, requestId: 'r', outboxId: newId(), topic: 'session.completed', ids: { sessionId, caseId: team.caseId, kind: 'DOSING' } };
}

const ALL_ROLES: CaseRole[] = ['PRESCRIBER_OF_RECORD', 'LEAD_THERAPIST', 'MONITORING_NURSE', 'COORDINATOR'];

describe('care rules (real PostgreSQL as the runtime role)', () => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await testDb.connect();
  });

  afterAll(async () => {
    await testDb.drop();
  });

  describe('after a dosing session', () => {
    const completedAt = new Date('2026-06-15T12:00:00Z');

    it('creates the check-in, the integration session and, for esketamine, the REMS form, once', async () => {
      const clinic = await createTenant(db);
      const team = await caseWithTeam(db, clinic, 'DOSING', ALL_ROLES);
      await plan(db, clinic, team, 'INTRANASAL_ESKETAMINE');
      const sessionId = await completedDosing(db, clinic, team, completedAt);
      await careRuleHandler(db).handle(completed(clinic, team, sessionId));
      await careRuleHandler(db).handle(completed(clinic, team, sessionId));
      expect(await followUps(db, clinic)).toEqual([
        { kind: 'POST_DOSE_CHECK_IN', assignee_id: team.members.MONITORING_NURSE, due_at: new Date('2026-06-16T12:00:00Z'), status: 'OPEN', rule_key: `${sessionId}:check-in` },
        { kind: 'INTEGRATION_SESSION', assignee_id: team.members.LEAD_THERAPIST, due_at: new Date('2026-06-18T12:00:00Z'), status: 'OPEN', rule_key: `${sessionId}:integration` },
        { kind: 'REMS_FORM_DUE', assignee_id: team.members.PRESCRIBER_OF_RECORD, due_at: new Date('2026-06-22T12:00:00Z'), status: 'OPEN', rule_key: `${sessionId}:rems` },
      ]);
      expect(await outboxTopics(db, clinic)).toEqual({ 'followup.scheduled': 3 });
      // What markRemsSubmitted (services/treatment) does in its transaction: the REMS follow-up is done.
      const submitted = { tenantId: clinic.id, ruleKey: `${sessionId}:rems`, note: 'REMS form submitted', closedAt: new Date('2026-06-17T09:00:00Z'), closedBy: team.members.PRESCRIBER_OF_RECORD ?? null };
      expect(await db.withTenant({ tenantId: clinic.id }, (m) => completeRuleFollowUp(m, submitted))).toBe(true);
      expect(await db.withTenant({ tenantId: clinic.id }, (m) => completeRuleFollowUp(m, submitted))).toBe(false);
      expect((await followUps(db, clinic, 'REMS_FORM_DUE')).map((f) => f.status)).toEqual(['DONE']);
      expect(await outboxTopics(db, clinic)).toEqual({ 'followup.scheduled': 3, 'followup.closed': 1 });
    });

    it("follows the clinic's settings: other hours, other days, a rule switched off", async () => {
      const clinic = await createTenant(db);
      const team = await caseWithTeam(db, clinic, 'DOSING', ALL_ROLES);
      await plan(db, clinic, team, 'INTRANASAL_ESKETAMINE');
      await settle(db, clinic, { careRules: { postDose: { integrationWithinHours: 48, checkInAfterHours: 12 }, remsForm: { dueAfterDays: 3 } } });
      const first = await completedDosing(db, clinic, team, completedAt);
      await careRuleHandler(db).handle(completed(clinic, team, first));
      expect((await followUps(db, clinic)).map((f) => [f.kind, f.due_at])).toEqual([
        ['POST_DOSE_CHECK_IN', new Date('2026-06-16T00:00:00Z')],
        ['INTEGRATION_SESSION', new Date('2026-06-17T12:00:00Z')],
        ['REMS_FORM_DUE', new Date('2026-06-18T12:00:00Z')],
      ]);
      await settle(db, clinic, { careRules: { postDose: { enabled: false }, remsForm: { enabled: false } } });
      const second = await completedDosing(db, clinic, team, new Date('2026-06-19T12:00:00Z'));
      await careRuleHandler(db).handle(completed(clinic, team, second));
      expect(await followUps(db, clinic)).toHaveLength(3);
    });

    it('asks no REMS form for another route or one already submitted, and falls back to the nurse without a prescriber', async () => {
      const iv = await createTenant(db);
      const ivTeam = await caseWithTeam(db, iv, 'DOSING', ALL_ROLES);
      await plan(db, iv, ivTeam, 'IV');
      await careRuleHandler(db).handle(completed(iv, ivTeam, await completedDosing(db, iv, ivTeam, completedAt)));
      expect((await followUps(db, iv)).map((f) => f.kind).sort()).toEqual(['INTEGRATION_SESSION', 'POST_DOSE_CHECK_IN']);

      const submitted = await createTenant(db);
      const submittedTeam = await caseWithTeam(db, submitted, 'DOSING', ALL_ROLES);
      await plan(db, submitted, submittedTeam, 'INTRANASAL_ESKETAMINE');
      await careRuleHandler(db).handle(completed(submitted, submittedTeam, await completedDosing(db, submitted, submittedTeam, completedAt, completedAt)));
      expect(await followUps(db, submitted, 'REMS_FORM_DUE')).toEqual([]);

      const noPrescriber = await createTenant(db);
      const nurseTeam = await caseWithTeam(db, noPrescriber, 'DOSING', ['LEAD_THERAPIST', 'MONITORING_NURSE']);
      await plan(db, noPrescriber, nurseTeam, 'INTRANASAL_ESKETAMINE');
      await careRuleHandler(db).handle(completed(noPrescriber, nurseTeam, await completedDosing(db, noPrescriber, nurseTeam, completedAt)));
      expect((await followUps(db, noPrescriber, 'REMS_FORM_DUE')).map((f) => f.assignee_id)).toEqual([nurseTeam.members.MONITORING_NURSE]);
    });
  });

  describe('PHQ-9 during treatment (the sweep)', () => {
    const firstDose = new Date('2026-03-01T15:00:00Z');

    it('creates one PHQ-9 follow-up 14 days after the first dose, a day ahead for the 24-hour reminder, to the lead therapist', async () => {
      const clinic = await createTenant(db);
      const team = await caseWithTeam(db, clinic, 'DOSING', ALL_ROLES);
      await completedDosing(db, clinic, team, firstDose);
      await phq9(db, clinic, team, new Date('2026-02-20T10:00:00Z')); // baseline before dosing: does not start the clock
      await sweepClinic(db, clinic.id, new Date(firstDose.getTime() + 13 * DAY - 1_000));
      expect(await followUps(db, clinic)).toEqual([]);
      const now = new Date(firstDose.getTime() + 13 * DAY);
      expect(await sweepClinic(db, clinic.id, now)).toEqual({ created: 1, closed: 0 });
      expect(await sweepClinic(db, clinic.id, new Date(now.getTime() + HOUR))).toEqual({ created: 0, closed: 0 });
      expect(await followUps(db, clinic)).toEqual([
        { kind: 'MEASURE_DUE', assignee_id: team.members.LEAD_THERAPIST, due_at: new Date('2026-03-15T15:00:00Z'), status: 'OPEN', rule_key: `${team.caseId}:phq9:2026-03-15` },
      ]);
    });

    it('closes the follow-up once a PHQ-9 is recorded and counts the next 14 days from it', async () => {
      const clinic = await createTenant(db);
      const team = await caseWithTeam(db, clinic, 'INTEGRATION', ALL_ROLES);
      await completedDosing(db, clinic, team, firstDose);
      await sweepClinic(db, clinic.id, new Date('2026-03-14T16:00:00Z'));
      await phq9(db, clinic, team, new Date('2026-03-15T10:00:00Z'));
      expect(await sweepClinic(db, clinic.id, new Date('2026-03-15T11:00:00Z'))).toEqual({ created: 0, closed: 1 });
      await sweepClinic(db, clinic.id, new Date('2026-03-28T10:00:00Z'));
      expect((await followUps(db, clinic)).map((f) => [f.status, f.due_at])).toEqual([
        ['DONE', new Date('2026-03-15T15:00:00Z')],
        ['OPEN', new Date('2026-03-29T10:00:00Z')],
      ]);
      expect(await outboxTopics(db, clinic)).toEqual({ 'followup.scheduled': 2, 'followup.closed': 1 });
    });

    it('asks nothing of cases not in treatment, nothing when switched off, and follows a changed cadence', async () => {
      const clinic = await createTenant(db);
      for (const status of ['PREPARATION', 'ON_HOLD', 'CLOSED']) await completedDosing(db, clinic, await caseWithTeam(db, clinic, status, ALL_ROLES), firstDose);
      const beforeDosing = await caseWithTeam(db, clinic, 'DOSING', ALL_ROLES);
      await phq9(db, clinic, beforeDosing, firstDose);
      const dosing = await caseWithTeam(db, clinic, 'MAINTENANCE', ['PRESCRIBER_OF_RECORD']);
      await completedDosing(db, clinic, dosing, firstDose);
      await settle(db, clinic, { careRules: { measureDue: { enabled: false } } });
      await sweepClinic(db, clinic.id, new Date('2026-06-01T00:00:00Z'));
      expect(await followUps(db, clinic)).toEqual([]);
      await settle(db, clinic, { careRules: { measureDue: { everyDays: 7 } }, reminders: { remindHoursBeforeDue: [] } });
      await sweepClinic(db, clinic.id, new Date('2026-03-08T15:00:00Z'));
      expect(await followUps(db, clinic)).toEqual([
        { kind: 'MEASURE_DUE', assignee_id: dosing.members.PRESCRIBER_OF_RECORD, due_at: new Date('2026-03-08T15:00:00Z'), status: 'OPEN', rule_key: `${dosing.caseId}:phq9:2026-03-08` },
      ]);
    });
  });

  describe('consent renewal (the sweep)', () => {
    const signedAt = new Date('2025-05-10T14:00:00Z');

    it('asks the coordinator to renew 30 days before the 12-month expiry, once', async () => {
      const clinic = await createTenant(db);
      const team = await caseWithTeam(db, clinic, 'DOSING', ALL_ROLES);
      const consentId = await consent(db, clinic, team, signedAt);
      await sweepClinic(db, clinic.id, new Date('2026-04-10T13:59:00Z'));
      expect(await followUps(db, clinic)).toEqual([]);
      await sweepClinic(db, clinic.id, new Date('2026-04-10T14:00:00Z'));
      await sweepClinic(db, clinic.id, new Date('2026-04-11T14:00:00Z'));
      expect(await followUps(db, clinic)).toEqual([
        { kind: 'CONSENT_RENEWAL', assignee_id: team.members.COORDINATOR, due_at: new Date('2026-05-10T14:00:00Z'), status: 'OPEN', rule_key: `${consentId}:renewal` },
      ]);
    });

    it('skips revoked and superseded consents, falls back to the lead therapist, and follows a changed validity', async () => {
      const clinic = await createTenant(db);
      const revoked = await caseWithTeam(db, clinic, 'DOSING', ALL_ROLES);
      await consent(db, clinic, revoked, signedAt, new Date('2025-08-01T00:00:00Z'));
      const renewed = await caseWithTeam(db, clinic, 'DOSING', ALL_ROLES);
      await consent(db, clinic, renewed, signedAt);
      await consent(db, clinic, renewed, new Date('2025-10-01T00:00:00Z'));
      const noCoordinator = await caseWithTeam(db, clinic, 'MAINTENANCE', ['PRESCRIBER_OF_RECORD', 'LEAD_THERAPIST']);
      const consentId = await consent(db, clinic, noCoordinator, signedAt);
      await settle(db, clinic, { careRules: { consentRenewal: { validForMonths: 6, remindDaysBeforeExpiry: 14 } } });
      await sweepClinic(db, clinic.id, new Date('2025-10-27T13:59:00Z'));
      expect(await followUps(db, clinic)).toEqual([]);
      await sweepClinic(db, clinic.id, new Date('2025-10-27T14:00:00Z'));
      expect(await followUps(db, clinic)).toEqual([
        { kind: 'CONSENT_RENEWAL', assignee_id: noCoordinator.members.LEAD_THERAPIST, due_at: new Date('2025-11-10T14:00:00Z'), status: 'OPEN', rule_key: `${consentId}:renewal` },
      ]);
      await settle(db, clinic, { careRules: { consentRenewal: { enabled: false } } });
      const another = await caseWithTeam(db, clinic, 'DOSING', ALL_ROLES);
      await consent(db, clinic, another, signedAt);
      await sweepClinic(db, clinic.id, new Date('2026-06-01T00:00:00Z'));
      expect(await followUps(db, clinic)).toHaveLength(1);
    });
  });

  it('sweeps every clinic, each in its own tenant, and a second run creates nothing', async () => {
    const [a, b] = [await createTenant(db), await createTenant(db)];
    const teamA = await caseWithTeam(db, a, 'DOSING', ALL_ROLES);
    const teamB = await caseWithTeam(db, b, 'DOSING', ALL_ROLES);
    await completedDosing(db, a, teamA, new Date('2031-01-01T00:00:00Z'));
    await consent(db, b, teamB, new Date('2030-02-01T00:00:00Z'));
    const now = new Date('2031-01-20T00:00:00Z');
    const first = await sweepCareRules(db, now);
    expect(first.created).toBeGreaterThanOrEqual(2);
    expect((await sweepCareRules(db, now)).created).toBe(0);
    expect((await followUps(db, a)).map((f) => f.kind)).toEqual(['MEASURE_DUE']);
    expect((await followUps(db, b)).map((f) => f.kind)).toEqual(['CONSENT_RENEWAL']);
  });
});

describe('the care-rule sweep schedule (real Redis, real BullMQ)', () => {
  let testDb: TestDatabase;
  let redis: TestRedis;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    redis = createTestRedis();
    db = await testDb.connect();
  });

  afterAll(async () => {
    await redis.close();
    await testDb.drop();
  });

  it('is one hourly job scheduler however many workers start', async () => {
    const services = { db, clock: new ManualClock('2020-01-01T00:00:00Z'), notifications: loadConfig({}).notifications, log: silentLogger(), encryptionKey: loadConfig({}).auth.encryptionKey };
    const workers = [
      await startWorker({ redisUrl: redis.url, processors: processorsFor(services), log: silentLogger(), namespace: redis.prefix }),
      await startWorker({ redisUrl: redis.url, processors: processorsFor(services), log: silentLogger(), namespace: redis.prefix }),
    ];
    const queue = new Queue(QueueName.CareRules, { connection: redis.connect(), prefix: queuePrefix(redis.prefix, QueueName.CareRules) });
    try {
      expect(workers[0]?.queues).toContain(QueueName.CareRules);
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers).toHaveLength(1);
      expect(schedulers[0]).toMatchObject({ key: CARE_RULE_SWEEP.id, name: CARE_RULE_SWEEP.name, every: HOUR });
    } finally {
      await queue.close();
      await Promise.all(workers.map((w) => w.close()));
    }
  });
});
