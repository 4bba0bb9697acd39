import { ManualClock } from '@tandem/core';
import type { Client } from 'pg';
import { createClinic, gql } from './support/clinic-fixture';
import type { Clinic } from './support/clinic-fixture';
import { superuserOf } from './support/table-digest';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

/**
 * An outside reviewer's checks: graphql-cop's list, each named as graphql-cop names it, run
 * against the real gateway in production mode, each asserting the safe outcome. Some are also
 * covered in depth elsewhere (limits.int.test.ts for every limit with its numbers, gateway.int for
 * introspection and the landing page): here each is asserted once more, cheaply, as the reviewer
 * would run it, so that this file alone answers "does graphql-cop pass?".
 */
type Sent = { status: number; contentType: string; text: string };

describe('graphql-cop checks (production mode)', () => {
  const clock = new ManualClock(new Date());
  let app: TestGateway;
  let clinic: Clinic;
  let superuser: Client;

  beforeAll(async () => {
    app = await startTestGateway({ clock, production: true });
    clinic = await createClinic(app, clock, 'cop');
    superuser = await superuserOf(app);
  });
  afterAll(async () => {
    await superuser.end();
    await app.stop();
  });

  /** A raw request, as graphql-cop sends it (no Apollo preflight header unless given). */
  async function send(init: { method?: string; search?: string; body?: string; headers?: Record<string, string> }): Promise<Sent> {
    const response = await fetch(`${app.gateway.graphqlUrl}${init.search ?? ''}`, { method: init.method ?? 'POST', headers: init.headers, body: init.body });
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
  }
  const post = (query: string) => gql(app, query, {}, clinic.admin.accessToken);
  const codes = (response: { body: { errors?: { extensions?: Record<string, unknown> }[] } }) => response.body.errors?.map((error) => error.extensions?.code);

  it('Alias Overloading: 101 aliases are refused by the aliases limit', async () => {
    const refused = await post(`query cop { ${Array.from({ length: 101 }, (_, i) => `alias${i}:__typename`).join(' ')} }`);
    expect([refused.status, codes(refused), refused.body.data]).toEqual([400, ['QUERY_TOO_COMPLEX'], undefined]);
  });

  it('Array-based Query Batching: refused', async () => {
    const refused = await send({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(Array.from({ length: 10 }, () => ({ query: 'query cop { __typename }' }))) });
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/batch/i);
  });

  it('Directive Overloading: a field with ten unknown directives is refused', async () => {
    const refused = await post(`query cop { __typename ${'@aa'.repeat(11)} }`);
    expect(refused.status).toBe(400);
    expect(codes(refused)?.every((code) => code === 'QUERY_TOO_COMPLEX' || code === 'GRAPHQL_VALIDATION_FAILED')).toBe(true);
    expect(codes(refused)).toContain('QUERY_TOO_COMPLEX');
  });

  it('Field Suggestions: a misspelt field gets no "Did you mean"', async () => {
    const refused = await post('query cop { __schema { directive } } ');
    const misspelt = await post('query cop { clinc { name } }');
    for (const answer of [refused, misspelt]) expect(JSON.stringify(answer.body)).not.toMatch(/Did you mean/);
  });

  it('Introspection: refused', async () => {
    const refused = await post('query cop { __schema { types { name fields { name } } } }');
    expect([refused.status, codes(refused)]).toEqual([400, ['GRAPHQL_VALIDATION_FAILED']]);
    expect(refused.body.data).toBeUndefined();
  });

  it('Introspection-based Circular Query: refused (introspection is off)', async () => {
    const refused = await post('query cop { __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }');
    expect([refused.status, codes(refused)?.[0]]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);
  });

  it('Circular fragments: a fragment cycle is refused before anything runs', async () => {
    const before = app.db.statementsSent;
    const refused = await send({ headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query cop { ...A } fragment A on Query { clinic { name } ...B } fragment B on Query { ...A }' }) });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text)).toMatchObject({ errors: [{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] });
    expect(app.db.statementsSent - before).toBe(0);
  });

  it('GraphQL IDE: no GraphiQL, Playground or Sandbox page on GET with Accept text/html', async () => {
    for (const path of ['', '?query=%7B__typename%7D']) {
      const page = await send({ method: 'GET', search: path, headers: { accept: 'text/html' } });
      expect(page.contentType).not.toMatch(/text\/html/);
      expect(page.text).not.toMatch(/<html|graphiql|playground|sandbox/i);
    }
  });

  it('GET based Query (CSRF): refused without the preflight header', async () => {
    const refused = await send({ method: 'GET', search: `?query=${encodeURIComponent('query cop { __typename }')}` });
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/CSRF|Cross-Site Request Forgery/);
  });

  it('Mutation is allowed over GET (possible CSRF): refused, with or without the preflight header', async () => {
    const mutation = `?query=${encodeURIComponent('mutation cop { createApiKey(input: { label: "cop", scopes: ["members:read"] }) { secret } }')}`;
    for (const headers of [{}, { 'apollo-require-preflight': 'true' }] as Record<string, string>[]) {
      const refused = await send({ method: 'GET', search: mutation, headers });
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.text).not.toMatch(/tdmk_/);
    }
  });

  it('POST based url-encoded query (possible CSRF): refused, and so is text/plain', async () => {
    for (const contentType of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
      const refused = await send({ headers: { 'content-type': contentType }, body: 'query=query%20cop%20%7B__typename%7D' });
      expect(refused.status).toBe(400);
    }
  });

  it('Trace Mode: no tracing or debug extensions in an answer', async () => {
    const served = await post('query cop { clinic { name } }');
    expect(served.status).toBe(200);
    expect(Object.keys(served.body.extensions ?? {})).toEqual(['cost']);
    const failed = await post('query cop { patient(id: "00000000-0000-4000-8000-000000000000") { id } }');
    expect(JSON.stringify(failed.body)).not.toMatch(/tracing|stacktrace|exception|"debug"/i);
  });

  it('Field Duplication: 500 repeats answer once (merged), 6,000 are refused by the token limit', async () => {
    const merged = await post(`query cop { ${'__typename '.repeat(500)} }`);
    expect(merged.body.data).toEqual({ __typename: 'Query' });
    const refused = await post(`query cop { ${'__typename '.repeat(6_000)} }`);
    expect([refused.status, codes(refused)]).toEqual([400, ['QUERY_TOO_COMPLEX']]);
  });

  it('Unhandled Errors: a broken document names no parser internals', async () => {
    const refused = await post('qwerty cop { abc }');
    expect([refused.status, codes(refused)]).toEqual([400, ['GRAPHQL_PARSE_FAILED']]);
    expect(JSON.stringify(refused.body)).not.toMatch(/exception|stacktrace|at .*\.js/i);
  });

  it('Unhandled Errors: a database fault answers INTERNAL_SERVER_ERROR, with no SQL, table or stack', async () => {
    // A grant lost in a bad migration: the runtime role may no longer read consent documents.
    await superuser.query('REVOKE SELECT ON consent_document FROM tandem_runtime');
    try {
      const failed = await post('query cop { consentDocuments { id title } }');
      // The query's shared transaction failed too, so the whole answer is withheld (request-transaction.ts).
      expect([failed.body.data ?? null, failed.body.errors]).toEqual([null, [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }]]);
      expect(JSON.stringify(failed.body)).not.toMatch(/consent_document|permission denied|SELECT|\.ts:/i);
    } finally {
      await superuser.query('GRANT SELECT ON consent_document TO tandem_runtime');
    }
  });
});
