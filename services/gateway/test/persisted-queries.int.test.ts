import { createHash } from 'node:crypto';
import { ManualClock } from '@tandem/core';
import { addMember, codeOf, createClinic, gql } from './support/clinic-fixture';
import type { Clinic, Member } from './support/clinic-fixture';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

interface Reply {
  status: number;
  body: { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A POST with Apollo's persisted-query extension; `query` undefined sends the hash alone. */
async function persisted(app: TestGateway, hash: string, query: string | undefined, token?: string, variables?: Record<string, unknown>): Promise<Reply> {
  const response = await fetch(app.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
  });
  return { status: response.status, body: (await response.json()) as Reply['body'] };
}

const CLINIC_NAME = 'query ClinicName { clinic { id name } }';
const REGISTER_WEBHOOK = 'mutation Hook { registerWebhookEndpoint(input: { url: "http://127.0.0.1:9/hook", eventTypes: ["follow_up.created"] }) { secret } }';
const REGISTER_OPERATION = 'mutation Reg($input: RegisterOperationInput!) { registerOperation(input: $input) { id name sha256 } }';
const RESTRICT = 'mutation Restrict($on: Boolean!) { updateClinic(input: { settings: { api: { partnerKeysRegisteredOperationsOnly: $on } } }) { id } }';

describe('persisted queries and registered operations (through HTTP)', () => {
  const clock = new ManualClock(new Date('2026-06-15T12:00:00Z'));
  let app: TestGateway;
  let clinic: Clinic;
  let other: Clinic;
  let therapist: Member;
  let partner: string;
  let otherPartner: string;

  const createKey = async (c: Clinic, scopes: string[]) =>
    (await gql(app, 'mutation K($s: [String!]!) { createApiKey(input: { label: "apq", scopes: $s }) { secret } }', { s: scopes }, c.admin.accessToken)).body.data?.createApiKey.secret as string;
  const webhooks = async () =>
    (await app.db.asSystem('test-fixture', (m) => m.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM webhook_endpoint WHERE tenant_id = $1`, [clinic.id])))[0]?.n;

  beforeAll(async () => {
    app = await startTestGateway({ clock, webhooksAllowPrivateNetworks: true });
    clinic = await createClinic(app, clock, 'apq');
    other = await createClinic(app, clock, 'apq-other');
    therapist = await addMember(app, clinic, ['THERAPIST']);
    partner = await createKey(clinic, ['tenant:read', 'webhooks:manage']);
    otherPartner = await createKey(other, ['tenant:read']);
  });

  afterAll(async () => {
    await app.stop();
  });

  describe('automatic persisted queries', () => {
    it('runs a query by its hash once it was sent with its text', async () => {
      const query = `query Named { clinic { name slug } }`;
      const first = await persisted(app, sha256(query), query, therapist.accessToken);
      const byHash = await persisted(app, sha256(query), undefined, therapist.accessToken);
      expect(first.body.errors).toBeUndefined();
      expect(byHash.body).toEqual(first.body);
      expect(byHash.body.data?.clinic.slug).toBe(clinic.slug);
    });

    it('keeps the hash → text map in Redis under the deployment prefix', async () => {
      const query = `query Stored { clinic { id } }`;
      await persisted(app, sha256(query), query, therapist.accessToken);
      const redis = app.redis.connect();
      expect(await redis.get(`${app.redis.prefix}:apq:apq:${sha256(query)}`)).toBe(query);
      expect(await redis.ttl(`${app.redis.prefix}:apq:apq:${sha256(query)}`)).toBeGreaterThan(0);
    });

    it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND', async () => {
      const reply = await persisted(app, sha256('query Never { clinic { id } }'), undefined, therapist.accessToken);
      expect(reply.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    });

    it('refuses a hash that does not match the text sent with it', async () => {
      const reply = await persisted(app, sha256('query Other { clinic { id } }'), CLINIC_NAME, therapist.accessToken);
      expect(reply.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    });
  });

  describe('registered operations only, for partner keys', () => {
    beforeAll(async () => {
      const registered = await gql(app, REGISTER_OPERATION, { input: { name: 'ClinicName', query: CLINIC_NAME } }, clinic.admin.accessToken);
      expect(registered.body.data?.registerOperation.sha256).toBe(sha256(CLINIC_NAME));
      expect((await gql(app, RESTRICT, { on: true }, clinic.admin.accessToken)).body.errors).toBeUndefined();
    });

    it('refuses an unregistered operation of a partner key and executes nothing', async () => {
      const before = await webhooks();
      const withHash = await persisted(app, sha256(REGISTER_WEBHOOK), REGISTER_WEBHOOK, partner);
      const plain = await gql(app, REGISTER_WEBHOOK, {}, partner);
      expect(withHash.body.errors?.[0]?.extensions?.code).toBe('OPERATION_NOT_REGISTERED');
      expect(codeOf(plain)).toBe('OPERATION_NOT_REGISTERED');
      expect(withHash.body.data ?? null).toBeNull();
      expect(await webhooks()).toBe(before);
    });

    it('runs a registered operation of a partner key, by hash alone too', async () => {
      const byHash = await persisted(app, sha256(CLINIC_NAME), undefined, partner);
      const byText = await gql(app, CLINIC_NAME, {}, partner);
      expect(byHash.body).toEqual({ data: { clinic: { id: clinic.id, name: expect.any(String) } }, extensions: { cost: expect.any(Object) } });
      expect(byText.body).toEqual(byHash.body);
    });

    it('refuses a registered text with a changed character', async () => {
      const changed = CLINIC_NAME.replace('id name', 'name id');
      expect(codeOf(await gql(app, changed, {}, partner))).toBe('OPERATION_NOT_REGISTERED');
    });

    it("leaves the clinic's people unrestricted", async () => {
      const query = 'query Unregistered { clinic { slug } }';
      const reply = await persisted(app, sha256(query), query, therapist.accessToken);
      expect(reply.body.data?.clinic.slug).toBe(clinic.slug);
    });

    it("does not reach another clinic's keys or share its registrations", async () => {
      const reply = await gql(app, 'query Anything { clinic { slug } }', {}, otherPartner);
      expect(reply.body.data?.clinic.slug).toBe(other.slug);
      expect((await gql(app, RESTRICT, { on: true }, other.admin.accessToken)).body.errors).toBeUndefined();
      expect(codeOf(await gql(app, CLINIC_NAME, {}, otherPartner))).toBe('OPERATION_NOT_REGISTERED');
    });

    it('stops a partner key running an operation once it is unregistered; another clinic cannot remove it', async () => {
      const query = 'query Slug { clinic { slug } }';
      const id = (await gql(app, REGISTER_OPERATION, { input: { name: 'Slug', query } }, clinic.admin.accessToken)).body.data?.registerOperation.id as string;
      expect((await gql(app, query, {}, partner)).body.data?.clinic.slug).toBe(clinic.slug);
      const UNREGISTER = 'mutation U($id: ID!) { unregisterOperation(id: $id) }';
      expect(codeOf(await gql(app, UNREGISTER, { id }, other.admin.accessToken))).toBe('NOT_FOUND');
      expect(codeOf(await gql(app, UNREGISTER, { id }, therapist.accessToken))).toBe('FORBIDDEN');
      expect((await gql(app, query, {}, partner)).body.data?.clinic.slug).toBe(clinic.slug);
      expect((await gql(app, UNREGISTER, { id }, clinic.admin.accessToken)).body.data?.unregisterOperation).toBe(id);
      expect(codeOf(await gql(app, query, {}, partner))).toBe('OPERATION_NOT_REGISTERED');
      expect(codeOf(await gql(app, UNREGISTER, { id }, clinic.admin.accessToken))).toBe('NOT_FOUND');
      expect(codeOf(await gql(app, UNREGISTER, { id: 'not-an-id' }, clinic.admin.accessToken))).toBe('NOT_FOUND');
    });

    it('lets every operation through again once the setting is off', async () => {
      expect((await gql(app, RESTRICT, { on: false }, clinic.admin.accessToken)).body.errors).toBeUndefined();
      const reply = await gql(app, 'query Free { clinic { slug } }', {}, partner);
      expect(reply.body.data?.clinic.slug).toBe(clinic.slug);
    });

    it.each([
      [{ name: 'has space', query: CLINIC_NAME }, 'name'],
      [{ name: 'Broken', query: 'query {' }, 'query'],
    ])('refuses registering %j', async (input, field) => {
      const reply = await gql(app, REGISTER_OPERATION, { input }, clinic.admin.accessToken);
      expect([codeOf(reply), reply.body.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', field]);
    });
  });
});
