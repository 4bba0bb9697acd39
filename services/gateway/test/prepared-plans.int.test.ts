import { ManualClock } from '@tandem/core';
import { gql } from './support/clinic-fixture';
import { createDosingTeam, dosingCase } from './support/dosing-fixture';
import type { DosingTeam } from './support/dosing-fixture';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

const CASE_PAGE = `query CasePage($id: ID!) {
  case(id: $id) { id status patient { id mrn givenName } careTeam { id caseRole displayName } }
  caseSessions(caseId: $id) { id vitals { id } }
}`;
const SCHEDULE = `mutation S($c: ID!, $p: [ID!]!, $at: DateTimeISO!) { scheduleSession(caseId: $c, input: { kind: INTEGRATION, startsAt: $at, expectedMinutes: 60, location: TELEHEALTH, participantIds: $p }) { id } }`;

/** The gateway connection's prepared statements (a simple query: never itself prepared). */
const PREPARED = `SELECT statement, generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements`;

interface Prepared {
  statement: string;
  generic: number;
  custom: number;
}

// The gateway's pool holds one connection, so every request below runs on the session read here.
describe('a case page plans its loads once per connection (prepared statements, keyFilter)', () => {
  const clock = new ManualClock(new Date('2026-06-15T12:00:00Z'));
  let app: TestGateway;
  let team: DosingTeam;
  let caseId: string;

  beforeAll(async () => {
    app = await startTestGateway({ clock, poolSize: 1 });
    team = await createDosingTeam(app, clock, 'plans');
    ({ caseId } = await dosingCase(app, team));
    // Three sessions, so that the vitals load asks for a batch of three keys.
    for (const at of ['2026-07-01T10:00:00Z', '2026-07-08T10:00:00Z', '2026-07-15T10:00:00Z']) {
      const scheduled = await gql(app, SCHEDULE, { c: caseId, p: [team.therapist.membershipId], at }, team.therapist.accessToken);
      expect(scheduled.body.errors).toBeUndefined();
    }
    for (let i = 0; i < 8; i += 1) {
      const answer = await gql(app, CASE_PAGE, { id: caseId }, team.therapist.accessToken);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data?.case.careTeam).toHaveLength(3);
      expect(answer.body.data?.caseSessions).toHaveLength(3);
    }
  });

  afterAll(() => app.stop());

  const prepared = () => app.db.asSystem('test-fixture', (m) => m.query<Prepared[]>(PREPARED));

  it.each([
    ['the patient load', /FROM patient p\b[\s\S]*WHERE p\.id = \$1::uuid$/],
    ['the care-team load', /FROM care_team_member t[\s\S]*WHERE t\.case_id = \$1::uuid AND/],
    ["the three sessions' vitals load", /FROM vitals_reading WHERE session_id IN \(\$1::uuid, \$2::uuid, \$3::uuid\)/],
  ])('%s matches its keys by equality or a list of parameters and runs on a kept generic plan', async (_load, text) => {
    const [statement] = (await prepared()).filter((p) => text.test(p.statement.trim()));
    expect(statement).toBeDefined();
    // PostgreSQL plans the first five executions for their values, then keeps the generic plan
    // when it is no dearer; an array parameter (ANY) would have kept it planning every time.
    // (The vitals load asked for ANY($1::uuid[]) until 3963ac8, and was planned on every request.)
    expect(statement.generic + statement.custom).toBeGreaterThanOrEqual(8);
    expect(statement.generic).toBeGreaterThan(0);
  });
});
