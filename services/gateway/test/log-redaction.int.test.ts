import { codeAt } from '@tandem/accounts';
import { ManualClock } from '@tandem/core';
import type { Client } from 'pg';
import { PASSWORD, addMember, codeOf, createClinic, gql } from './support/clinic-fixture';
import { assign, openCase } from './support/case-fixture';
import { everyRowText, superuserOf } from './support/table-digest';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

/**
 * No PHI and no secret in the logs: a realistic day through the gateway — sign-in, MFA
 * enrolment, a patient with distinctive identifiers, a case and its note, a partner key, a
 * refreshed session — and its error paths (a wrong password, bad input full of PHI, a conflict,
 * a database fault), then every line the gateway logged is searched for each of them.
 */
const PHI = {
  givenName: 'Zephyrine',
  familyName: 'Quillfeather-Osei',
  mrn: 'MRN-PHI-77310-XQ',
  dateOfBirth: '1961-03-17',
  phone: '+1 555 0148 2277',
  email: 'zephyrine.quillfeather@mailbox.example',
  emergencyContactName: 'Barnaby Quillfeather',
  emergencyContactPhone: '+1 555 0199 3388',
};
const NOTE_BODY = 'Patient described the velvet-horizon imagery and a reconciliation with her estranged brother Ignatius.';
const WRONG_PASSWORD = 'marigold-anvil-93-wrong';

describe('the logs of a realistic flow hold no PHI and no secret', () => {
  const clock = new ManualClock(new Date());
  let app: TestGateway;
  let superuser: Client;
  /** Every secret the flow handled, by what it is. */
  const secrets: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestGateway({ clock });
    superuser = await superuserOf(app);
  });
  afterAll(async () => {
    await superuser.end();
    await app.stop();
  });

  async function runTheDay(): Promise<void> {
    const clinic = await createClinic(app, clock, 'redaction');
    const prescriber = await addMember(app, clinic, ['PRESCRIBER']);
    Object.assign(secrets, { password: PASSWORD, adminAccess: clinic.admin.accessToken, adminRefresh: clinic.admin.refreshToken });

    const signedIn = await gql(app, 'mutation S($i: SignInInput!) { signIn(input: $i) { tokens { accessToken refreshToken } } }', { i: { email: prescriber.email, password: PASSWORD } });
    const tokens = signedIn.body.data?.signIn.tokens as { accessToken: string; refreshToken: string };
    const refreshed = await gql(app, 'mutation R($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }', { t: tokens.refreshToken });
    const access = refreshed.body.data?.refreshSession.accessToken as string;
    Object.assign(secrets, { access: tokens.accessToken, refresh: tokens.refreshToken, refreshedAccess: access, refreshedRefresh: refreshed.body.data?.refreshSession.refreshToken as string });
    expect(codeOf(await gql(app, 'mutation S($i: SignInInput!) { signIn(input: $i) { mfaRequired } }', { i: { email: prescriber.email, password: WRONG_PASSWORD } }))).toBe('UNAUTHENTICATED');

    const enrolment = (await gql(app, 'mutation { startMfaEnrolment { secret otpauthUri } }', {}, access)).body.data?.startMfaEnrolment as { secret: string };
    const recovery = (await gql(app, 'mutation C($c: String!) { confirmMfaEnrolment(code: $c) }', { c: codeAt(enrolment.secret, clock.now()) }, access)).body.data?.confirmMfaEnrolment as string[];
    Object.assign(secrets, { totpSeed: enrolment.secret, recoveryCode: recovery[0] ?? 'missing recovery code' });

    const registered = await gql(app, 'mutation R($i: RegisterPatientInput!) { registerPatient(input: $i) { id } }', { i: { ...PHI, sex: 'FEMALE' } }, clinic.admin.accessToken);
    const patientId = registered.body.data?.registerPatient.id as string;
    const caseId = await openCase(app, clinic.admin.accessToken, patientId);
    await assign(app, clinic.admin.accessToken, caseId, prescriber.membershipId, 'PRESCRIBER_OF_RECORD');
    const note = await gql(app, 'mutation W($c: ID!, $i: WriteNoteInput!) { writeNote(caseId: $c, input: $i) { id } }', { c: caseId, i: { kind: 'PROGRESS', visibility: 'CARE_TEAM', body: NOTE_BODY } }, access);
    expect(note.body.errors).toBeUndefined();
    expect((await gql(app, 'query S($q: String!) { searchNotes(query: $q, first: 5) { hasMore } }', { q: 'velvet-horizon Ignatius' }, access)).body.errors).toBeUndefined();

    const key = await gql(app, 'mutation K($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }', { i: { label: 'billing partner', scopes: ['members:read'] } }, clinic.admin.accessToken);
    secrets.apiKey = key.body.data?.createApiKey.secret as string;
    expect((await gql(app, '{ members(page: { first: 5 }) { count } }', {}, secrets.apiKey)).status).toBe(200);

    // Error paths, each carrying PHI in what was sent.
    expect(codeOf(await gql(app, 'mutation R($i: RegisterPatientInput!) { registerPatient(input: $i) { id } }', { i: { ...PHI, sex: 'FEMALE' } }, clinic.admin.accessToken))).toBe('CONFLICT');
    expect(codeOf(await gql(app, 'mutation R($i: RegisterPatientInput!) { registerPatient(input: $i) { id } }', { i: { ...PHI, dateOfBirth: `${PHI.givenName} ${PHI.familyName}`, sex: 'FEMALE' } }, clinic.admin.accessToken))).toBe('BAD_USER_INPUT');
    expect(codeOf(await gql(app, `query { patients(search: "${PHI.familyName}", page: { first: 5 }) { count nope } }`, {}, clinic.admin.accessToken))).toBe('GRAPHQL_VALIDATION_FAILED');
    await superuser.query('REVOKE UPDATE ON patient FROM tandem_runtime');
    try {
      const fault = await gql(app, 'mutation U($id: ID!, $i: UpdatePatientInput!) { updatePatient(id: $id, input: $i) { id } }', { id: patientId, i: { phone: PHI.phone, email: PHI.email } }, clinic.admin.accessToken);
      expect(codeOf(fault)).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await superuser.query('GRANT UPDATE ON patient TO tandem_runtime');
    }
  }

  it('holds none of the seeded PHI strings, passwords, tokens, key secrets or TOTP secrets', async () => {
    await runTheDay();
    const logged = JSON.stringify(app.logs());
    // The logs did record the day: each request, and the database fault as an error.
    expect(app.logs().filter((line) => line.msg === 'request completed').length).toBeGreaterThan(15);
    expect(logged).toContain('unexpected error while serving a GraphQL request');
    const found = [...Object.entries(PHI), ['noteBody', NOTE_BODY], ['noteWords', 'velvet-horizon'], ['wrongPassword', WRONG_PASSWORD], ...Object.entries(secrets)].filter(([, value]) => logged.includes(value));
    expect(found.map(([what]) => what)).toEqual([]);
    // A token is still a leak when only its signature part shows up.
    const signatures = Object.values(secrets).filter((value) => value.split('.').length === 3).map((token) => token.split('.')[2] ?? '');
    expect(signatures.filter((signature) => logged.includes(signature))).toEqual([]);
  });

  it('stores no secret of that day in clear: passwords hashed, TOTP seeds sealed, token secrets hashed', async () => {
    const stored = await everyRowText(superuser);
    // The scan sees what is stored: patients' names are kept as written (the database encrypts its storage).
    expect(stored).toContain(PHI.familyName);
    // An opaque token's secret is its last part (tdmk_<clinic>_<id>_<secret>); a JWT is never stored.
    const secretPart = (value: string) => (/^tdm[a-z]_/.test(value) ? value.split('_').slice(3).join('_') : value);
    const found = Object.entries(secrets).filter(([, value]) => stored.includes(secretPart(value)));
    expect(found.map(([what]) => what)).toEqual([]);
    expect(Object.keys(secrets).sort()).toEqual(['access', 'adminAccess', 'adminRefresh', 'apiKey', 'password', 'recoveryCode', 'refresh', 'refreshedAccess', 'refreshedRefresh', 'totpSeed']);
  });
});
