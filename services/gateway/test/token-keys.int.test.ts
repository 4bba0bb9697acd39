import { createHmac, createSign, generateKeyPairSync } from 'node:crypto';
import { ManualClock } from '@tandem/core';
import { createClinic, gql } from './support/clinic-fixture';
import type { Clinic } from './support/clinic-fixture';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

/**
 * Access-token keys through HTTP (AUTH_TOKEN_KEYS): the first key signs and names itself in
 * `kid`, older keys still verify, and every forgery an attacker can make of a token they hold —
 * an unknown kid, `alg: none`, another HMAC, RS256, a public key used as the HMAC secret, a
 * changed claim — is refused with 401 UNAUTHENTICATED before anything runs.
 */
const CURRENT = { kid: 'k2026-06', secret: 'the-current-access-token-key-of-32-chars' };
const PREVIOUS = { kid: 'k2026-01', secret: 'the-previous-access-token-key-of-32-chars' };
const VIEWER = '{ viewer { userId } }';

const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
const decode = (part: string | undefined) => JSON.parse(Buffer.from(part ?? '', 'base64url').toString()) as Record<string, unknown>;

function hmacToken(header: object, payload: object, secret: string | Buffer, hash = 'sha256'): string {
  const signed = `${encode(header)}.${encode(payload)}`;
  return `${signed}.${createHmac(hash, secret).update(signed).digest('base64url')}`;
}

describe('access token keys and forged tokens (through HTTP)', () => {
  const clock = new ManualClock(new Date());
  let app: TestGateway;
  let clinic: Clinic;
  let claims: Record<string, unknown>;

  beforeAll(async () => {
    app = await startTestGateway({ clock, production: true, tokenKeys: [CURRENT, PREVIOUS] });
    clinic = await createClinic(app, clock, 'keys');
    claims = decode(clinic.admin.accessToken.split('.')[1]);
  });
  afterAll(async () => {
    await app.stop();
  });

  it('signs with the first key, naming it in the header', async () => {
    expect(decode(clinic.admin.accessToken.split('.')[0])).toEqual({ alg: 'HS256', typ: 'JWT', kid: CURRENT.kid });
    expect((await gql(app, VIEWER, {}, clinic.admin.accessToken)).body.data?.viewer.userId).toBe(clinic.admin.userId);
  });

  it('still accepts a token signed with the previous key, while it is listed', async () => {
    const previous = hmacToken({ alg: 'HS256', typ: 'JWT', kid: PREVIOUS.kid }, claims, PREVIOUS.secret);
    expect((await gql(app, VIEWER, {}, previous)).body.data?.viewer.userId).toBe(clinic.admin.userId);
  });

  it.each([
    ['an unknown kid', () => hmacToken({ alg: 'HS256', typ: 'JWT', kid: 'k1999-01' }, claims, CURRENT.secret)],
    ['no kid (only the key "default" checks those)', () => hmacToken({ alg: 'HS256', typ: 'JWT' }, claims, CURRENT.secret)],
    ['a kid naming another key than the one that signed', () => hmacToken({ alg: 'HS256', typ: 'JWT', kid: PREVIOUS.kid }, claims, CURRENT.secret)],
    ['alg none', () => `${encode({ alg: 'none', typ: 'JWT', kid: CURRENT.kid })}.${encode(claims)}.`],
    ['alg HS512 with the right secret', () => hmacToken({ alg: 'HS512', typ: 'JWT', kid: CURRENT.kid }, claims, CURRENT.secret, 'sha512')],
    ['RS256 with a key pair of the attacker', () => rs256Token(claims)],
    ['HS256 keyed with a public key (RS256/HS256 confusion)', () => hmacToken({ alg: 'HS256', typ: 'JWT', kid: CURRENT.kid }, claims, publicKeyPem())],
    ['a changed tenant claim', () => `${clinic.admin.accessToken.split('.')[0] ?? ''}.${encode({ ...claims, tid: '00000000-0000-4000-8000-000000000000' })}.${clinic.admin.accessToken.split('.')[2] ?? ''}`],
  ])('refuses %s: 401 UNAUTHENTICATED, no data, no SQL beyond the refusal', async (_label, forge) => {
    const before = app.db.statementsSent;
    const refused = await gql(app, VIEWER, {}, forge());
    expect([refused.status, refused.body.data ?? null, refused.body.errors?.map((error) => error.extensions)]).toEqual([401, null, [{ code: 'UNAUTHENTICATED' }]]);
    // The signature is checked before any session row is read.
    expect(app.db.statementsSent - before).toBe(0);
  });
});

function publicKeyPem(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

function rs256Token(claims: Record<string, unknown>): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signed = `${encode({ alg: 'RS256', typ: 'JWT', kid: CURRENT.kid })}.${encode(claims)}`;
  return `${signed}.${createSign('RSA-SHA256').update(signed).sign(privateKey).toString('base64url')}`;
}
