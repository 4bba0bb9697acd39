import { createHmac } from 'node:crypto';
import { TokenSigner } from './access-token';
import { displayPrefix, mintOpaqueToken, parseOpaqueToken, secretMatches } from './opaque-token';

const TENANT = '01936f0e-1c2b-7a3d-9e4f-5a6b7c8d9e0f';
const ROW = '01936f0e-1c2b-7a3d-9e4f-000000000001';
const now = new Date('2026-05-01T10:00:00Z');
const signer = new TokenSigner([{ kid: 'k1', secret: 'a-test-secret-of-at-least-32-characters' }]);

function encode(part: object): string {
  return Buffer.from(JSON.stringify(part)).toString('base64url');
}

describe('opaque tokens', () => {
  it('carry tenant and row ids and verify only with their secret', () => {
    const { token, secretHash } = mintOpaqueToken('tdmk', TENANT, ROW);
    const parsed = parseOpaqueToken(token, 'tdmk');
    expect(parsed).toMatchObject({ kind: 'tdmk', tenantId: TENANT, id: ROW });
    expect(secretMatches(parsed?.secret ?? '', secretHash)).toBe(true);
    const secret = parsed?.secret ?? '';
    // Change the last character to one it is not, so the check cannot pass by chance.
    const tampered = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    expect(secretMatches(tampered, secretHash)).toBe(false);
    expect(displayPrefix(TENANT, ROW, 'tdmk')).toBe('tdmk_01936f…000001');
  });

  it.each(['', 'tdmk', 'tdmr_abc', `tdmk_${'0'.repeat(32)}_${'0'.repeat(32)}_short`, `tdmk_${'G'.repeat(32)}_${'0'.repeat(32)}_${'a'.repeat(43)}`])('refuses malformed %j', (token) => {
    expect(parseOpaqueToken(token, 'tdmk')).toBeNull();
  });

  it('refuses a token of another kind', () => {
    expect(parseOpaqueToken(mintOpaqueToken('tdmr', TENANT, ROW).token, 'tdmk')).toBeNull();
  });
});

describe('access tokens', () => {
  it('round-trip their claims while fresh', async () => {
    const token = await signer.signAccess({ userId: 'u1', tenantId: TENANT, sessionId: 's1' }, now);
    expect(await signer.verifyAccess(token, new Date(now.getTime() + 14 * 60_000))).toEqual({ userId: 'u1', tenantId: TENANT, sessionId: 's1' });
  });

  it('expire after 15 minutes', async () => {
    const token = await signer.signAccess({ userId: 'u1', tenantId: TENANT, sessionId: 's1' }, now);
    expect(await signer.verifyAccess(token, new Date(now.getTime() + 16 * 60_000))).toBeNull();
  });

  it('refuse another key, a tampered payload, alg none and a challenge used as access', async () => {
    const token = await signer.signAccess({ userId: 'u1', tenantId: TENANT, sessionId: 's1' }, now);
    expect(await new TokenSigner([{ kid: 'k1', secret: 'another-secret-of-at-least-32-characters!' }]).verifyAccess(token, now)).toBeNull();
    const [header, , signature] = token.split('.');
    const forgedPayload = encode({ sub: 'u2', tid: TENANT, sid: 's1', pur: 'access', iss: 'tandem', aud: 'tandem-api', exp: 9_999_999_999 });
    expect(await signer.verifyAccess(`${header}.${forgedPayload}.${signature}`, now)).toBeNull();
    expect(await signer.verifyAccess(`${encode({ alg: 'none', typ: 'JWT' })}.${forgedPayload}.`, now)).toBeNull();
    const hs512 = `${encode({ alg: 'HS512', typ: 'JWT' })}.${forgedPayload}`;
    const hs512Signature = createHmac('sha512', 'a-test-secret-of-at-least-32-characters').update(hs512).digest('base64url');
    expect(await signer.verifyAccess(`${hs512}.${hs512Signature}`, now)).toBeNull();
    const challenge = await signer.signMfaChallenge({ userId: 'u1', tenantId: TENANT }, now);
    expect(await signer.verifyAccess(challenge, now)).toBeNull();
    expect(await signer.verifyMfaChallenge(challenge, now)).toEqual({ userId: 'u1', tenantId: TENANT });
    expect(await signer.verifyAccess('not.a.jwt', now)).toBeNull();
  });
});

describe('access token keys (rotation)', () => {
  const OLD = { kid: 'old', secret: 'the-old-secret-of-at-least-32-characters' };
  const NEW = { kid: 'new', secret: 'the-new-secret-of-at-least-32-characters' };
  const claims = { userId: 'u1', tenantId: TENANT, sessionId: 's1' };
  const headerOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as Record<string, unknown>;

  it('sign with the first key, naming it in kid, and verify with every listed key', async () => {
    const before = await new TokenSigner([OLD]).signAccess(claims, now);
    const rotated = new TokenSigner([NEW, OLD]);
    const after = await rotated.signAccess(claims, now);
    expect([headerOf(before).kid, headerOf(after)]).toEqual(['old', { alg: 'HS256', typ: 'JWT', kid: 'new' }]);
    expect(await rotated.verifyAccess(before, now)).toEqual(claims);
    expect(await rotated.verifyAccess(after, now)).toEqual(claims);
  });

  it('refuse a token once its key is retired, and a kid that names another key', async () => {
    const before = await new TokenSigner([OLD]).signAccess(claims, now);
    expect(await new TokenSigner([NEW]).verifyAccess(before, now)).toBeNull();
    // Signed with the new secret but claiming the old kid: the old key checks it, and fails.
    const [, payload] = before.split('.');
    const lying = `${encode({ alg: 'HS256', typ: 'JWT', kid: 'old' })}.${payload}`;
    const signature = createHmac('sha256', NEW.secret).update(lying).digest('base64url');
    expect(await new TokenSigner([NEW, OLD]).verifyAccess(`${lying}.${signature}`, now)).toBeNull();
  });

  it('check a token without kid against the key "default" only', async () => {
    const [, payload] = (await signer.signAccess(claims, now)).split('.');
    const unnamed = `${encode({ alg: 'HS256', typ: 'JWT' })}.${payload}`;
    const signature = createHmac('sha256', OLD.secret).update(unnamed).digest('base64url');
    expect(await new TokenSigner([{ kid: 'default', secret: OLD.secret }]).verifyAccess(`${unnamed}.${signature}`, now)).toEqual(claims);
    expect(await new TokenSigner([OLD]).verifyAccess(`${unnamed}.${signature}`, now)).toBeNull();
  });
});
