import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ManualClock } from '@tandem/core';
import { buildSchema } from 'graphql';
import { Client } from 'pg';
import type { GraphQLSchema } from 'graphql';
import { buildGatewaySchema } from '../src';
import { codeOf, fieldOf, gql } from './support/clinic-fixture';
import { createDosingTeam, dosingCase } from './support/dosing-fixture';
import type { DosingTeam } from './support/dosing-fixture';
import { badInputsOf, mutationsWithArguments } from './support/mutation-walk';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

const UUID = '00000000-0000-4000-8000-000000000000';

/**
 * Jest names its tests before `beforeAll` builds the schema, so they are named from the committed
 * schema.graphql (kept equal to the built one by schema-file.test.ts); the first test checks the
 * two lists agree, and the walk itself reads the built schema.
 */
const WALKED = mutationsWithArguments(buildSchema(readFileSync(path.join(__dirname, '..', '..', '..', 'schema.graphql'), 'utf8')));

/**
 * Bad input gets BAD_USER_INPUT naming its field, and writes nothing: on every mutation of the
 * schema, each argument and input field is sent a value of the wrong type, null where it is
 * non-null, or left out where it is required, through the real gateway as a signed-in admin.
 */
describe('bad input to any mutation names its field and writes nothing', () => {
  const clock = new ManualClock(new Date('2026-06-15T12:00:00Z'));
  let app: TestGateway;
  let schema: GraphQLSchema;
  let team: DosingTeam;
  let caseId: string;
  let patientId: string;
  let superuser: Client;

  beforeAll(async () => {
    app = await startTestGateway({ clock, rateLimits: { apiKeyCostPerMinute: 1_000, userCostPerMinute: 1_000_000, tenantKeysCostPerMinute: 1_000_000 } });
    schema = await buildGatewaySchema();
    team = await createDosingTeam(app, clock, 'bad-input');
    ({ caseId, patientId } = await dosingCase(app, team));
    const url = new URL(app.testDb.adminUrl);
    url.pathname = `/${app.testDb.name}`;
    superuser = new Client({ connectionString: url.toString() });
    await superuser.connect();
  }, 120_000);

  afterAll(async () => {
    await superuser.end();
    await app.stop();
  });

  /**
   * A digest of every row of every table, but sign-in sessions: authenticating a request touches
   * its session's last-seen time, which is not the mutation writing. Read as the superuser, as
   * the runtime role may not read the audit trail.
   */
  async function everyRow(): Promise<Record<string, string>> {
    const { rows: tables } = await superuser.query<{ name: string }>(
      `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND tablename <> 'auth_session' ORDER BY 1`,
    );
    const digests = tables.map(({ name }) => `SELECT '${name}' AS name, count(*)::text || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') AS digest FROM ${name} t`);
    const { rows } = await superuser.query<{ name: string; digest: string }>(digests.join(' UNION ALL '));
    return Object.fromEntries(rows.map((row) => [row.name, row.digest]));
  }

  it('walks every mutation of the built schema that takes arguments', () => {
    expect(mutationsWithArguments(schema).sort()).toEqual([...WALKED].sort());
    expect(WALKED.length).toBeGreaterThan(50);
  });

  it.each(WALKED)('%s: every wrong input is BAD_USER_INPUT on its field, and nothing is written', async (mutation) => {
    const before = await everyRow();
    const answers: [string, number, unknown][] = [];
    const expected: [string, number, unknown][] = [];
    for (const bad of badInputsOf(schema, mutation)) {
      const refused = await gql(app, bad.query, bad.variables, team.clinic.admin.accessToken);
      // The whole of extensions: a code, the field, and nothing else (no stack trace, no internals).
      answers.push([bad.wrong, refused.status, refused.body.errors?.map((error) => error.extensions)]);
      expected.push([bad.wrong, 400, [{ code: 'BAD_USER_INPUT', field: bad.field }]]);
    }
    expect(answers.length).toBeGreaterThan(0);
    expect(answers).toEqual(expected);
    expect(await everyRow()).toEqual(before);
  });

  it.each([
    ['an enum value that does not exist', `recordMeasure(caseId: "${UUID}", input: { instrument: PHQ10, answers: [1] }) { id }`, 'input.instrument'],
    ['a string for an Int in a list', `recordMeasure(caseId: "${UUID}", input: { instrument: PHQ9, answers: [1, "two"] }) { id }`, 'input.answers.1'],
    ['a required input field left out', `createFollowUp(caseId: "${UUID}", input: { assigneeId: "${UUID}", kind: "CUSTOM", title: "Call" }) { id }`, 'input.dueAt'],
    ['a bad DateTimeISO', `rescheduleFollowUp(id: "${UUID}", dueAt: "next Tuesday") { id }`, 'dueAt'],
    ['an object for an ID', `revokeApiKey(id: { not: "an id" }) { id }`, 'id'],
  ])('an inline argument with %s is refused before it runs, naming the argument', async (_label, call, field) => {
    const before = await everyRow();
    const refused = await gql(app, `mutation { ${call} }`, {}, team.clinic.admin.accessToken);
    expect([refused.status, codeOf(refused), fieldOf(refused)]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED', field]);
    expect(await everyRow()).toEqual(before);
  });

  it('a variable that does not coerce says where, and leaks nothing of the server', async () => {
    const refused = await gql(app, 'mutation R($id: ID!, $dueAt: DateTimeISO!) { rescheduleFollowUp(id: $id, dueAt: $dueAt) { id } }', { id: UUID, dueAt: 'next Tuesday' }, team.clinic.admin.accessToken);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ message: expect.stringMatching(/^Variable "\$dueAt" got invalid value "next Tuesday"; /) as unknown, extensions: { code: 'BAD_USER_INPUT', field: 'dueAt' } }]);
  });

  it.each([
    // The instrument's items are numbered from 1, as on the form.
    ['a PHQ-9 item 2 answer out of range', (c: string) => `recordMeasure(caseId: "${c}", input: { instrument: PHQ9, answers: [1, 9, 1, 1, 1, 1, 1, 1, 1] }) { id }`, 'answers.2'],
    ['a blank follow-up title', (c: string) => `createFollowUp(caseId: "${c}", input: { assigneeId: "${team.prescriber.membershipId}", dueAt: "2026-07-02T10:00:00Z", kind: "CUSTOM", title: "   " }) { id }`, 'title'],
    ['a weight out of range', () => `recordPatientWeight(patientId: "${patientId}", weightKg: -3) { id }`, 'weightKg'],
  ])('a resolver refusing %s names the field and writes nothing', async (_label, call, field) => {
    const before = await everyRow();
    const refused = await gql(app, `mutation { ${call(caseId)} }`, {}, team.prescriber.accessToken);
    expect([codeOf(refused), fieldOf(refused)]).toEqual(['BAD_USER_INPUT', field]);
    expect(await everyRow()).toEqual(before);
  });
});

