import { ManualClock } from '@tandem/core';
import { gql } from './support/clinic-fixture';
import { createDosingTeam, dosingCase } from './support/dosing-fixture';
import type { DosingTeam } from './support/dosing-fixture';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

const CASE_PAGE = `query CasePage($id: ID!) {
  case(id: $id) { id status patient { id mrn givenName } careTeam { id caseRole displayName } }
}`;

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
    for (let i = 0; i < 8; i += 1) {
      const answer = await gql(app, CASE_PAGE, { id: caseId }, team.therapist.accessToken);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data?.case.careTeam).toHaveLength(3);
    }
  });

  afterAll(() => app.stop());

  const prepared = () => app.db.asSystem('test-fixture', (m) => m.query<Prepared[]>(PREPARED));

  it.each([
    ['the patient load', /FROM patient p\b[\s\S]*WHERE p\.id = \$1::uuid$/],
    ['the care-team load', /FROM care_team_member t[\s\S]*WHERE t\.case_id = \$1::uuid AND/],
  ])('%s matches its one key by equality and runs on a kept generic plan', async (_load, text) => {
    const [statement] = (await prepared()).filter((p) => text.test(p.statement.trim()));
    expect(statement).toBeDefined();
    // PostgreSQL plans the first five executions for their values, then keeps the generic plan
    // when it is no dearer; an array parameter (ANY) would have kept it planning every time.
    expect(statement.generic + statement.custom).toBeGreaterThanOrEqual(8);
    expect(statement.generic).toBeGreaterThan(0);
  });
});
