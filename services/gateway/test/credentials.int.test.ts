import { ManualClock } from '@tandem/core';
import type { GraphQLResponse } from '@tandem/testing';
import type { Client } from 'pg';
import { addMember, codeOf, createClinic, fieldOf, gql } from './support/clinic-fixture';
import type { Clinic, Member } from './support/clinic-fixture';
import { everyRow, superuserOf } from './support/table-digest';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

const FIELDS = 'id membershipId kind number jurisdiction issuedOn expiresOn hours modules verified verifiedBy';
const ADD = `mutation A($i: CredentialInput!) { addCredential(input: $i) { ${FIELDS} } }`;
const UPDATE = `mutation U($id: ID!, $i: CredentialInput!) { updateCredential(id: $id, input: $i) { ${FIELDS} } }`;
const VERIFY = `mutation V($id: ID!) { verifyCredential(id: $id) { ${FIELDS} } }`;
const MINE = `{ myCredentials { ${FIELDS} } }`;
const OF_MEMBER = `query M($m: ID!) { memberCredentials(membershipId: $m) { ${FIELDS} } }`;
const READINESS = `{ myReadiness { role status met missing } }`;
const PROGRAMME = `{ trainingProgramme { role modules minHours configured } }`;
const SET_PROGRAMME = `mutation P($r: String!, $m: [String!]!, $h: Float!) { setTrainingProgramme(role: $r, modules: $m, minHours: $h) { role modules minHours configured } }`;
const ROSTER = `query R($after: String) { roster(page: { first: 2, after: $after }) { edges { node { membershipId roles nextExpiry readiness { role status missing } } } pageInfo { hasNextPage endCursor } } }`;

const FIVE = ['SCREENING', 'SET_AND_SETTING', 'INTEGRATION', 'ETHICS', 'TRAUMA_INFORMED_CARE'];
const licence = (over: Record<string, unknown> = {}) => ({ kind: 'LICENSE', jurisdiction: 'CA', number: 'a123456', issuedOn: '2024-01-10', expiresOn: '2027-01-10', ...over });
const dea = { kind: 'DEA_REGISTRATION', number: 'AB1234563', issuedOn: '2025-01-01', expiresOn: '2028-01-01' };
const kap = (over: Record<string, unknown> = {}) => ({ kind: 'KAP_TRAINING', issuer: 'An institute', issuedOn: '2025-03-01', hours: 48, modules: FIVE, ...over });

describe('credentials, training programme and readiness (real gateway, PostgreSQL as the runtime role)', () => {
  const clock = new ManualClock(new Date('2026-06-15T16:00:00Z'));
  let app: TestGateway;
  let superuser: Client;
  let clinic: Clinic;
  let other: Clinic;
  let prescriber: Member;
  let therapist: Member;
  let secondAdmin: Member;

  const add = async (who: Member, input: Record<string, unknown>) => (await gql(app, ADD, { i: input }, who.accessToken)).body.data?.addCredential as Record<string, any>;
  const verify = (who: Member, id: string) => gql(app, VERIFY, { id }, who.accessToken);
  const readinessOf = async (who: Member) => (await gql(app, READINESS, {}, who.accessToken)).body.data?.myReadiness as { role: string; status: string; missing: string[] }[];

  beforeAll(async () => {
    app = await startTestGateway({ clock });
    superuser = await superuserOf(app);
    clinic = await createClinic(app, clock, 'credentials');
    other = await createClinic(app, clock, 'credentials-other');
    prescriber = await addMember(app, clinic, ['PRESCRIBER']);
    therapist = await addMember(app, clinic, ['THERAPIST']);
    secondAdmin = await addMember(app, clinic, ['ADMIN']);
  });

  afterAll(async () => {
    await superuser.end();
    await app.stop();
  });

  it('a member adds their own credential, unverified and normalised', async () => {
    const added = await add(prescriber, licence());
    expect(added).toMatchObject({ membershipId: prescriber.membershipId, kind: 'LICENSE', number: 'A123456', jurisdiction: 'CA', issuedOn: '2024-01-10', expiresOn: '2027-01-10', verified: false, verifiedBy: null });
    const mine = (await gql(app, MINE, {}, prescriber.accessToken)).body.data?.myCredentials as { id: string }[];
    expect(mine.map((c) => c.id)).toEqual([added.id]);
    expect((await gql(app, MINE, {}, therapist.accessToken)).body.data?.myCredentials).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['expiry before issue', licence({ issuedOn: '2026-05-01', expiresOn: '2026-04-01' }), 'expiresOn'],
    ['a licence from a state with no format', licence({ jurisdiction: 'VT', number: '12345' }), 'jurisdiction'],
    ['a state that is not one', licence({ jurisdiction: 'XX' }), 'jurisdiction'],
    ['a licence number of the wrong shape', licence({ number: '12-34' }), 'number'],
    ['negative hours', kap({ hours: -4 }), 'hours'],
    ['absurd hours', kap({ hours: 2001 }), 'hours'],
    ['an unknown module', kap({ modules: ['SCREENING', 'ASTROLOGY'] }), 'modules'],
    ['a DEA number failing its check digit', { ...dea, number: 'AB1234564' }, 'number'],
    ['an unknown kind', { kind: 'DIPLOMA', issuedOn: '2025-01-01' }, 'kind'],
  ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_label, input, field) => {
    const before = await everyRow(superuser);
    const response = await gql(app, ADD, { i: input }, therapist.accessToken);
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(fieldOf(response)).toBe(field);
    expect(await everyRow(superuser)).toEqual(before);
  });

  it('an admin verifies a colleague’s credential, never their own', async () => {
    const theirs = await add(prescriber, dea);
    const verified = await verify(clinic.admin, theirs.id);
    expect(verified.body.data?.verifyCredential).toMatchObject({ verified: true, verifiedBy: clinic.admin.membershipId });

    const own = await add(clinic.admin, { kind: 'BLS', issuedOn: '2025-06-01', expiresOn: '2027-06-01' });
    const before = await everyRow(superuser, { refusalsAudited: true });
    const refused = await verify(clinic.admin, own.id);
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(await everyRow(superuser, { refusalsAudited: true })).toEqual(before);
    // Another admin may.
    expect((await verify(secondAdmin, own.id)).body.data?.verifyCredential.verified).toBe(true);
  });

  it('a clinician cannot verify anything, not even their own', async () => {
    const own = await add(therapist, kap());
    expect(codeOf(await verify(therapist, own.id))).toBe('FORBIDDEN');
    const colleague = (await gql(app, MINE, {}, prescriber.accessToken)).body.data?.myCredentials[0].id as string;
    // Refused by the policy before any lookup: clinicians hold no verify grant at all.
    expect(codeOf(await verify(therapist, colleague))).toBe('FORBIDDEN');
  });

  it('another clinic’s admin sees neither the credential nor the member', async () => {
    const theirs = await add(therapist, { kind: 'ACLS', issuedOn: '2025-06-01' });
    const before = await everyRow(superuser, { refusalsAudited: true });
    expect(codeOf(await verify(other.admin, theirs.id))).toBe('NOT_FOUND');
    expect(codeOf(await gql(app, OF_MEMBER, { m: therapist.membershipId }, other.admin.accessToken))).toBe('NOT_FOUND');
    expect(codeOf(await gql(app, UPDATE, { id: theirs.id, i: kap() }, other.admin.accessToken))).toBe('NOT_FOUND');
    expect(await everyRow(superuser, { refusalsAudited: true })).toEqual(before);
  });

  it('a correction clears the verification; only the holder may correct', async () => {
    const held = await add(prescriber, licence({ number: 'A654321' }));
    await verify(clinic.admin, held.id);
    expect(codeOf(await gql(app, UPDATE, { id: held.id, i: licence({ number: 'A111111' }) }, clinic.admin.accessToken))).toBe('FORBIDDEN');
    const corrected = (await gql(app, UPDATE, { id: held.id, i: licence({ number: 'A111111' }) }, prescriber.accessToken)).body.data?.updateCredential;
    expect(corrected).toMatchObject({ number: 'A111111', verified: false, verifiedBy: null });
    const bad = await gql(app, UPDATE, { id: held.id, i: licence({ expiresOn: '2020-01-01' }) }, prescriber.accessToken);
    expect([codeOf(bad), fieldOf(bad)]).toEqual(['BAD_USER_INPUT', 'expiresOn']);
  });

  it('admins list a member’s credentials; clinicians may not', async () => {
    const listed = (await gql(app, OF_MEMBER, { m: prescriber.membershipId }, clinic.admin.accessToken)).body.data?.memberCredentials as { membershipId: string }[];
    expect(listed.length).toBeGreaterThanOrEqual(3);
    expect(listed.every((c) => c.membershipId === prescriber.membershipId)).toBe(true);
    expect(codeOf(await gql(app, OF_MEMBER, { m: prescriber.membershipId }, therapist.accessToken))).toBe('FORBIDDEN');
  });

  it('readiness counts verified credentials only, and names what is missing', async () => {
    const facilitator = await addMember(app, clinic, ['THERAPIST']);
    expect((await readinessOf(facilitator)).find((r) => r.role === 'FACILITATOR')).toMatchObject({ status: 'NOT_READY' });

    const partial = await add(facilitator, kap({ modules: ['SCREENING', 'SET_AND_SETTING', 'ETHICS', 'TRAUMA_INFORMED_CARE'] }));
    expect((await readinessOf(facilitator)).find((r) => r.role === 'FACILITATOR')?.status).toBe('NOT_READY');
    await verify(clinic.admin, partial.id);
    expect((await readinessOf(facilitator)).find((r) => r.role === 'FACILITATOR')).toMatchObject({ status: 'TRAINEE', missing: ['TRAINING_INTEGRATION'] });

    await verify(clinic.admin, (await add(facilitator, kap({ hours: 4, modules: ['INTEGRATION'] }))).id);
    expect((await readinessOf(facilitator)).find((r) => r.role === 'FACILITATOR')).toMatchObject({ status: 'READY', missing: [] });
  });

  it('the prescriber with a verified licence and DEA registration is ready; an expired licence does not count', async () => {
    const fresh = await addMember(app, clinic, ['PRESCRIBER']);
    // Clinic day is 2026-06-15 (America/New_York by default): a licence valid through yesterday is lapsed.
    await verify(clinic.admin, (await add(fresh, licence({ issuedOn: '2022-06-14', expiresOn: '2026-06-14' }))).id);
    await verify(clinic.admin, (await add(fresh, dea)).id);
    expect((await readinessOf(fresh)).find((r) => r.role === 'PRESCRIBER')).toMatchObject({ status: 'NOT_READY', missing: ['VERIFIED_LICENSE'] });
    await verify(clinic.admin, (await add(fresh, licence({ expiresOn: '2026-06-15' }))).id);
    expect((await readinessOf(fresh)).find((r) => r.role === 'PRESCRIBER')).toMatchObject({ status: 'READY', missing: [] });
  });

  it('the programme is Tandem’s default until an admin sets it; bad input writes nothing', async () => {
    const read = (await gql(app, PROGRAMME, {}, therapist.accessToken)).body.data?.trainingProgramme as { role: string }[];
    expect(read.find((r) => r.role === 'FACILITATOR')).toEqual({ role: 'FACILITATOR', modules: FIVE, minHours: 40, configured: false });
    expect(codeOf(await gql(app, SET_PROGRAMME, { r: 'FACILITATOR', m: ['PHARMACOLOGY'], h: 100 }, therapist.accessToken))).toBe('FORBIDDEN');

    for (const [variables, field] of [
      [{ r: 'JANITOR', m: [], h: 1 }, 'role'],
      [{ r: 'FACILITATOR', m: ['ASTROLOGY'], h: 1 }, 'modules'],
      [{ r: 'FACILITATOR', m: [], h: -1 }, 'minHours'],
      [{ r: 'FACILITATOR', m: [], h: 2001 }, 'minHours'],
    ] as const) {
      const before = await everyRow(superuser);
      const response = await gql(app, SET_PROGRAMME, variables, clinic.admin.accessToken);
      expect([codeOf(response), fieldOf(response)]).toEqual(['BAD_USER_INPUT', field]);
      expect(await everyRow(superuser)).toEqual(before);
    }

    const set = (await gql(app, SET_PROGRAMME, { r: 'MONITORING_NURSE', m: ['PHARMACOLOGY'], h: 8 }, clinic.admin.accessToken)).body.data?.setTrainingProgramme as { role: string }[];
    expect(set.find((r) => r.role === 'MONITORING_NURSE')).toEqual({ role: 'MONITORING_NURSE', modules: ['PHARMACOLOGY'], minHours: 8, configured: true });
    const elsewhere = (await gql(app, PROGRAMME, {}, other.admin.accessToken)).body.data?.trainingProgramme as { role: string; configured: boolean }[];
    expect(elsewhere.every((r) => !r.configured)).toBe(true);
  });

  it('the roster pages every active member with readiness per role and next expiry (admins only)', async () => {
    const seen: { membershipId: string; nextExpiry: string | null; readiness: { role: string }[] }[] = [];
    let after: string | null = null;
    do {
      const response: GraphQLResponse = await gql(app, ROSTER, { after }, clinic.admin.accessToken);
      const connection = response.body.data?.roster as { edges: { node: (typeof seen)[number] }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
      seen.push(...connection.edges.map((e) => e.node));
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    } while (after);
    const ids = seen.map((s) => s.membershipId);
    expect(ids).toEqual(expect.arrayContaining([clinic.admin.membershipId, prescriber.membershipId, therapist.membershipId]));
    expect(new Set(ids).size).toBe(ids.length);
    expect(seen.every((s) => s.readiness.map((r) => r.role).join() === 'FACILITATOR,PRESCRIBER,MONITORING_NURSE')).toBe(true);
    // The prescriber's verified DEA registration (2028-01-01) is what counts; the unverified licence does not.
    expect(seen.find((s) => s.membershipId === prescriber.membershipId)?.nextExpiry).toBe('2028-01-01');
    expect(codeOf(await gql(app, ROSTER, { after: null }, therapist.accessToken))).toBe('FORBIDDEN');
  });
});
