import { ManualClock } from '@tandem/core';
import { addMember, codeOf, createClinic, gql } from './support/clinic-fixture';
import type { Clinic } from './support/clinic-fixture';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

/**
 * The limits of docs/api.md ("Transport", "Limits and costs", "Rate limits") through real HTTP:
 * each refusal has its documented status and code, and nothing of a refused request ran —
 * anonymous refusals send no SQL at all, and refused mutations wrote nothing.
 */
const CREATE_KEY = (alias: string) => `${alias}: createApiKey(input: { label: "refused", scopes: ["members:read"] }) { secret }`;
const KEY_COUNT = '{ apiKeys(page: { first: 100 }) { count } }';
const MEMBERS = 'query M($n: Int!) { members(page: { first: $n }) { count } }';

async function send(app: TestGateway, init: { method?: string; body?: string; contentType?: string; query?: string }): Promise<{ status: number; headers: Headers; text: string }> {
  const url = init.query === undefined ? app.gateway.graphqlUrl : `${app.gateway.graphqlUrl}?${new URLSearchParams({ query: init.query }).toString()}`;
  const response = await fetch(url, {
    method: init.method ?? 'POST',
    headers: { accept: 'application/graphql-response+json, application/json', ...(init.contentType ? { 'content-type': init.contentType } : {}), 'apollo-require-preflight': 'true' },
    body: init.body,
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('GraphQL limits, costs and rate limits', () => {
  const clock = new ManualClock(new Date());
  let app: TestGateway;
  let clinic: Clinic;

  beforeAll(async () => {
    app = await startTestGateway({ clock, rateLimits: { apiKeyCostPerMinute: 1_000, userCostPerMinute: 50_000, tenantKeysCostPerMinute: 1_500 } });
    clinic = await createClinic(app, clock, 'limits');
  });
  afterAll(async () => {
    await app.stop();
  });

  async function keyCount(): Promise<number> {
    const listed = await gql(app, KEY_COUNT, {}, clinic.admin.accessToken);
    return listed.body.data?.apiKeys.count as number;
  }

  /** Runs `request` anonymously and expects it to send no SQL. */
  async function withoutSql<T>(request: () => Promise<T>): Promise<T> {
    const before = app.db.statementsSent;
    const result = await request();
    expect(app.db.statementsSent - before).toBe(0);
    return result;
  }

  function limitError(response: { body: { errors?: { extensions?: Record<string, unknown> }[] } }, limit: string) {
    return response.body.errors?.find((error) => error.extensions?.code === 'QUERY_TOO_COMPLEX' && error.extensions.limit === limit)?.extensions;
  }

  it('reports the cost of a normal query in extensions.cost', async () => {
    const served = await gql(app, MEMBERS, { n: 20 }, clinic.admin.accessToken);
    expect(served.body.data?.members.count).toBe(1);
    expect(served.body.extensions?.cost).toEqual({ requested: 21, maximum: 5_000 });
  });

  it('refuses a 30-deep query before it runs', async () => {
    let query = 'time';
    for (let level = 1; level < 30; level += 1) query = `serverInfo { ${query} }`;
    const refused = await withoutSql(() => gql(app, `{ ${query} }`));
    expect(refused.status).toBe(400);
    expect(limitError(refused, 'depth')).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'depth', maximum: 10, measured: 30 });
  });

  it('refuses 100 aliases, and none of the 100 mutations wrote anything', async () => {
    const before = await keyCount();
    const aliases = Array.from({ length: 100 }, (_, i) => CREATE_KEY(`k${i}`)).join(' ');
    const refused = await gql(app, `mutation { ${aliases} }`, {}, clinic.admin.accessToken);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'aliases', maximum: 15, measured: 100 } })]);
    expect(refused.body.data).toBeUndefined();
    expect(await keyCount()).toBe(before);
  });

  it('counts directives, fragments expanded', async () => {
    const spreads = Array.from({ length: 11 }, () => '...F @include(if: true)').join(' ');
    const refused = await withoutSql(() => gql(app, `{ serverInfo { ${spreads} } } fragment F on ServerInfo { time }`));
    expect(refused.status).toBe(400);
    expect(limitError(refused, 'directives')).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'directives', maximum: 10, measured: 11 });
  });

  it('stops parsing beyond 5,000 tokens', async () => {
    const refused = await withoutSql(() => gql(app, `{ serverInfo { ${'time '.repeat(6_000)} } }`));
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'tokens', maximum: 5_000, measured: 5_001 } })]);
  });

  it('refuses first: 100000 by its cost, with the variable resolved', async () => {
    const refused = await gql(app, MEMBERS, { n: 100_000 }, clinic.admin.accessToken);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'cost', maximum: 5_000, measured: 100_001 } })]);
    expect(refused.body.data).toBeUndefined();
  });

  it('refuses a query costing 50,000', async () => {
    // 1 for the page + 49,999 items costing at least 1 each.
    const refused = await gql(app, MEMBERS, { n: 49_999 }, clinic.admin.accessToken);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'cost', maximum: 5_000, measured: 50_000 } })]);
    expect(refused.body.data).toBeUndefined();
  });

  it('masks field suggestions', async () => {
    const refused = await withoutSql(() => gql(app, '{ serverInfo { tim } }'));
    expect(refused.status).toBe(400);
    expect(codeOf(refused)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refused.body.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('refuses a batch, a GET mutation, a form post, invalid JSON and a 10 MB body', async () => {
    await withoutSql(async () => {
      const batch = await send(app, { contentType: 'application/json', body: JSON.stringify([{ query: '{ serverInfo { time } }' }, { query: '{ serverInfo { time } }' }]) });
      expect(batch.status).toBe(400);
      expect(batch.text).toMatch(/batch/i);

      const getMutation = await send(app, { method: 'GET', query: `mutation { ${CREATE_KEY('k')} }` });
      expect(getMutation.status).toBe(405);
      expect(getMutation.headers.get('allow')).toBe('POST');

      const form = await fetch(app.gateway.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=%7B%20serverInfo%20%7B%20time%20%7D%20%7D' });
      expect(form.status).toBe(400);
      expect(await form.text()).toMatch(/Cross-Site Request Forgery/);

      const invalid = await send(app, { contentType: 'application/json', body: '{"query": "{ serverInfo { time } }"' });
      expect(invalid.status).toBe(400);
      expect(JSON.parse(invalid.text)).toEqual({ errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });

      const huge = await send(app, { contentType: 'application/json', body: JSON.stringify({ query: `{ serverInfo { time } } # ${'x'.repeat(10 * 1024 * 1024)}` }) });
      expect(huge.status).toBe(413);
      expect(JSON.parse(huge.text)).toEqual({ errors: [{ message: 'Request body too large', extensions: { code: 'BAD_REQUEST' } }] });
    });
  });

  it('rate-limits an API key by cost, per tenant: another clinic\'s key is still served', async () => {
    const keyOf = async (owner: Clinic) => {
      const created = await gql(app, `mutation { ${CREATE_KEY('key').replace('"refused"', '"partner"')} }`, {}, owner.admin.accessToken);
      return created.body.data?.key.secret as string;
    };
    const other = await createClinic(app, clock, 'other');
    const [busy, quiet] = await Promise.all([keyOf(clinic), keyOf(other)]);
    // 1,000 units a minute; each request costs 101.
    const answers = [];
    for (let i = 0; i < 9; i += 1) answers.push(await gql(app, MEMBERS, { n: 100 }, busy));
    expect(answers.map((response) => response.status)).toEqual(Array(9).fill(200));
    expect(answers.every((response) => response.body.data?.members.count === 1)).toBe(true);

    const refused = await gql(app, MEMBERS, { n: 100 }, busy);
    expect(refused.status).toBe(429);
    expect(codeOf(refused)).toBe('RATE_LIMITED');
    const retryAfter = refused.body.errors?.[0]?.extensions?.retryAfterSeconds as number;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('retry-after')).toBe(String(retryAfter));
    expect(refused.body.data).toBeUndefined();

    const elsewhere = await gql(app, MEMBERS, { n: 100 }, quiet);
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.data?.members.count).toBe(1);
    // What is left is said in RateLimit-* headers: 1,000 a minute less this request's 101.
    expect([elsewhere.headers.get('ratelimit-limit'), Number(elsewhere.headers.get('ratelimit-remaining'))]).toEqual(['1000', expect.any(Number)]);
    expect(Number(elsewhere.headers.get('ratelimit-remaining'))).toBeGreaterThanOrEqual(899 - 1);
    expect(Number(elsewhere.headers.get('ratelimit-remaining'))).toBeLessThanOrEqual(899 + 2);

    // The clinic's keys share 1,500 a minute: a second key gets what the first left, about 500.
    // (Refilled at 25 a second while the test runs, so "about".) Its own bucket would allow 9.
    const second = await keyOf(clinic);
    let served = 0;
    while (served < 12 && (await gql(app, MEMBERS, { n: 100 }, second)).status === 200) served += 1;
    expect(served).toBeGreaterThanOrEqual(4);
    expect(served).toBeLessThanOrEqual(7);
    // The other clinic's keys are untouched by it.
    expect((await gql(app, MEMBERS, { n: 100 }, quiet)).status).toBe(200);
  });

  it('rate-limits a user by cost; a refused request runs no SQL beyond authentication', async () => {
    const admin = await addMember(app, clinic, ['ADMIN']);
    const statementsOf = async (query: string, variables: Record<string, unknown>) => {
      const before = app.db.statementsSent;
      const response = await gql(app, query, variables, admin.accessToken);
      return { response, statements: app.db.statementsSent - before };
    };
    // Refused by validation: what authenticating alone costs in SQL.
    const authentication = (await statementsOf('{ serverInfo { tim } }', {})).statements;
    // 50,000 units a minute: ten operations at the maximum cost of 5,000 spend them.
    for (let i = 0; i < 10; i += 1) expect((await gql(app, MEMBERS, { n: 4_999 }, admin.accessToken)).status).toBe(200);
    const refused = await statementsOf(MEMBERS, { n: 4_999 });
    expect(refused.response.status).toBe(429);
    expect(codeOf(refused.response)).toBe('RATE_LIMITED');
    expect(refused.statements).toBe(authentication);
    // Redis forgetting the limiter's script (a restart, SCRIPT FLUSH) does not open the gate: the
    // script is sent again and the bucket, still empty, refuses.
    await app.redis.connect().script('FLUSH'); // the fixture closes the client
    const afterFlush = await gql(app, MEMBERS, { n: 4_999 }, admin.accessToken);
    expect([afterFlush.status, codeOf(afterFlush)]).toEqual([429, 'RATE_LIMITED']);
    // The clinic's other admin has a bucket of their own.
    expect((await gql(app, MEMBERS, { n: 10 }, clinic.admin.accessToken)).status).toBe(200);
  });
});
