import { ManualClock } from '@tandem/core';
import { codeAt } from '@tandem/accounts';
import { PASSWORD, codeOf, createClinic, gql, addMember } from './support/clinic-fixture';
import type { Clinic } from './support/clinic-fixture';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

const SIGN_IN = `mutation SignIn($input: SignInInput!) { signIn(input: $input) { mfaRequired mfaChallengeToken tokens { accessToken refreshToken } clinics { slug } } }`;
const REFRESH = `mutation Refresh($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }`;
const CLINIC = `{ clinic { slug } }`;

describe('sign-in, sessions and MFA (through HTTP)', () => {
  const clock = new ManualClock(new Date());
  let app: TestGateway;
  let clinic: Clinic;

  beforeAll(async () => {
    app = await startTestGateway({ clock });
    clinic = await createClinic(app, clock);
  });

  afterAll(async () => {
    await app.stop();
  });

  const signIn = (email: string, password: string, extra: Record<string, unknown> = {}) => gql(app, SIGN_IN, { input: { email, password, ...extra } });

  it('signs in with e-mail and password and lists the clinics', async () => {
    const response = await signIn(clinic.admin.email.toUpperCase(), PASSWORD);
    expect(response.body.data?.signIn).toMatchObject({ mfaRequired: false, clinics: [{ slug: clinic.slug }] });
    const token = response.body.data?.signIn.tokens.accessToken as string;
    expect((await gql(app, CLINIC, {}, token)).body.data).toEqual({ clinic: { slug: clinic.slug } });
  });

  it('answers a wrong password and an unknown e-mail with the same generic error', async () => {
    const wrong = await signIn(clinic.admin.email, 'not-the-password-9');
    const unknown = await signIn('nobody@nowhere.example', 'not-the-password-9');
    expect(codeOf(wrong)).toBe('UNAUTHENTICATED');
    expect(wrong.body.errors?.[0]?.message).toBe('Invalid e-mail or password');
    expect(unknown.body.errors?.[0]).toEqual(wrong.body.errors?.[0]);
  });

  it('locks an account out after five failures, known or not, with a retry hint', async () => {
    const member = await addMember(app, clinic, ['NURSE']);
    for (let i = 0; i < 5; i += 1) expect(codeOf(await signIn(member.email, `wrong-password-${i}x`))).toBe('UNAUTHENTICATED');
    const locked = await signIn(member.email, PASSWORD);
    expect(codeOf(locked)).toBe('RATE_LIMITED');
    expect(locked.body.errors?.[0]?.extensions?.retryAfterSeconds).toEqual(expect.any(Number));
    for (let i = 0; i < 5; i += 1) await signIn('ghost@nowhere.example', `wrong-password-${i}x`);
    expect(codeOf(await signIn('ghost@nowhere.example', PASSWORD))).toBe('RATE_LIMITED');
  });

  it.each([
    ['no scheme', 'abc.def.ghi'],
    ['a garbage token', 'Bearer not-a-token-at-all'],
    ['alg none', `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"x","tid":"y","sid":"z","pur":"access"}').toString('base64url')}.`],
  ])('refuses %s with 401 UNAUTHENTICATED', async (_label, header) => {
    const response = await fetch(app.gateway.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: header }, body: JSON.stringify({ query: CLINIC }) });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a tampered token', async () => {
    const [header, payload, signature] = clinic.admin.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: '01900000-0000-7000-8000-000000000999' })).toString('base64url');
    expect(codeOf(await gql(app, CLINIC, {}, `${header}.${forged}.${signature}`))).toBe('UNAUTHENTICATED');
  });

  it('rotates refresh tokens, and a reused one ends the whole session', async () => {
    const start = (await signIn(clinic.admin.email, PASSWORD)).body.data?.signIn.tokens as { accessToken: string; refreshToken: string };
    const next = (await gql(app, REFRESH, { t: start.refreshToken })).body.data?.refreshSession as { accessToken: string; refreshToken: string };
    expect(next.refreshToken).not.toBe(start.refreshToken);
    expect(codeOf(await gql(app, CLINIC, {}, next.accessToken))).toBeUndefined();
    const replay = await gql(app, REFRESH, { t: start.refreshToken });
    expect(codeOf(replay)).toBe('UNAUTHENTICATED');
    expect(codeOf(await gql(app, CLINIC, {}, next.accessToken))).toBe('UNAUTHENTICATED');
    expect(codeOf(await gql(app, REFRESH, { t: next.refreshToken }))).toBe('UNAUTHENTICATED');
  });

  it('ends a session at sign-out, at once', async () => {
    const tokens = (await signIn(clinic.admin.email, PASSWORD)).body.data?.signIn.tokens as { accessToken: string; refreshToken: string };
    expect((await gql(app, 'mutation { signOut }', {}, tokens.accessToken)).body.data).toEqual({ signOut: true });
    expect(codeOf(await gql(app, CLINIC, {}, tokens.accessToken))).toBe('UNAUTHENTICATED');
    expect(codeOf(await gql(app, REFRESH, { t: tokens.refreshToken }))).toBe('UNAUTHENTICATED');
  });

  it('expires access tokens after 15 minutes and idle sessions after 30', async () => {
    const tokens = (await signIn(clinic.admin.email, PASSWORD)).body.data?.signIn.tokens as { accessToken: string; refreshToken: string };
    clock.advance(16 * 60_000);
    expect(codeOf(await gql(app, CLINIC, {}, tokens.accessToken))).toBe('UNAUTHENTICATED');
    clock.advance(15 * 60_000);
    expect(codeOf(await gql(app, REFRESH, { t: tokens.refreshToken }))).toBe('UNAUTHENTICATED');
  });

  it('switches to another clinic of the same person', async () => {
    const other = await createClinic(app, clock, 'second');
    await addMember(app, other, ['THERAPIST'], { email: clinic.admin.email });
    const tokens = (await signIn(clinic.admin.email, PASSWORD)).body.data?.signIn.tokens as { accessToken: string };
    const switched = await gql(app, `mutation { switchTenant(clinic: "${other.slug}") { accessToken } }`, {}, tokens.accessToken);
    const token = switched.body.data?.switchTenant.accessToken as string;
    expect((await gql(app, '{ clinic { slug } viewer { roles } }', {}, token)).body.data).toEqual({ clinic: { slug: other.slug }, viewer: { roles: ['THERAPIST'] } });
    expect(codeOf(await gql(app, `mutation { switchTenant(clinic: "no-such-clinic") { accessToken } }`, {}, tokens.accessToken))).toBe('UNAUTHENTICATED');
  });

  it('enrols TOTP, then requires it at sign-in; recovery codes work once; codes cannot be replayed', async () => {
    // A fresh clinic: earlier tests moved the clock past the first admin's token.
    const member = await addMember(app, await createClinic(app, clock, 'mfa'), ['PRESCRIBER']);
    const enrolment = (await gql(app, 'mutation { startMfaEnrolment { secret otpauthUri } }', {}, member.accessToken)).body.data?.startMfaEnrolment as { secret: string };
    expect(codeOf(await gql(app, 'mutation { confirmMfaEnrolment(code: "000000") }', {}, member.accessToken))).toBe('BAD_USER_INPUT');
    const confirmed = await gql(app, `mutation { confirmMfaEnrolment(code: "${codeAt(enrolment.secret, clock.now())}") }`, {}, member.accessToken);
    const recoveryCodes = confirmed.body.data?.confirmMfaEnrolment as string[];
    expect(recoveryCodes).toHaveLength(10);

    const first = (await signIn(member.email, PASSWORD)).body.data?.signIn as { mfaRequired: boolean; tokens: unknown; mfaChallengeToken: string };
    expect(first).toMatchObject({ mfaRequired: true, tokens: null });
    const VERIFY = `mutation V($input: VerifyMfaInput!) { verifyMfa(input: $input) { accessToken } }`;
    clock.advance(30_000);
    const code = codeAt(enrolment.secret, clock.now());
    expect(codeOf(await gql(app, VERIFY, { input: { challengeToken: first.mfaChallengeToken, code } }))).toBeUndefined();
    expect(codeOf(await gql(app, VERIFY, { input: { challengeToken: first.mfaChallengeToken, code } }))).toBe('UNAUTHENTICATED');
    const recovery = { challengeToken: first.mfaChallengeToken, recoveryCode: recoveryCodes[0] };
    expect(codeOf(await gql(app, VERIFY, { input: recovery }))).toBeUndefined();
    expect(codeOf(await gql(app, VERIFY, { input: recovery }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await gql(app, VERIFY, { input: { challengeToken: 'forged.challenge.token', code } }))).toBe('UNAUTHENTICATED');
  });

  it('holds a member whose clinic requires MFA to MFA enrolment until they pass it', async () => {
    const strict = await createClinic(app, clock, 'strict');
    await gql(app, 'mutation { updateClinic(input: { settings: { security: { mfaRequiredForClinicalRoles: true } } }) { slug } }', {}, strict.admin.accessToken);
    const nurse = await addMember(app, strict, ['NURSE']);
    expect((await gql(app, '{ viewer { mfaSatisfied } }', {}, nurse.accessToken)).body.data).toEqual({ viewer: { mfaSatisfied: false } });
    expect(codeOf(await gql(app, '{ members(page: { first: 5 }) { count } }', {}, nurse.accessToken))).toBe('FORBIDDEN');
    const { secret } = (await gql(app, 'mutation { startMfaEnrolment { secret } }', {}, nurse.accessToken)).body.data?.startMfaEnrolment as { secret: string };
    await gql(app, `mutation { confirmMfaEnrolment(code: "${codeAt(secret, clock.now())}") }`, {}, nurse.accessToken);
    expect((await gql(app, '{ members(page: { first: 5 }) { count } }', {}, nurse.accessToken)).body.data).toEqual({ members: { count: 2 } });
  });
});
