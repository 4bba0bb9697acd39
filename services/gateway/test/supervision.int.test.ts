import { ManualClock } from '@tandem/core';
import type { GraphQLResponse } from '@tandem/testing';
import type { Client } from 'pg';
import { addMember, codeOf, createClinic, fieldOf, gql } from './support/clinic-fixture';
import type { Clinic, Member } from './support/clinic-fixture';
import { everyRow, superuserOf } from './support/table-digest';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

const FIELDS = 'id traineeId supervisorId loggedBy heldOn hours kind modules note confirmed confirmedBy';
const LOG = `mutation L($i: LogSupervisionInput!) { logSupervision(input: $i) { ${FIELDS} } }`;
const CONFIRM = `mutation C($id: ID!) { confirmSupervision(id: $id) { ${FIELDS} } }`;
const LOG_OF = `query S($m: ID!, $after: String) { supervisionLog(membershipId: $m, page: { first: 1, after: $after }) { edges { node { id hours confirmed } } pageInfo { hasNextPage endCursor } } }`;
const ADD = 'mutation A($i: CredentialInput!) { addCredential(input: $i) { id } }';
const VERIFY = 'mutation V($id: ID!) { verifyCredential(id: $id) { verified } }';
const READINESS = '{ myReadiness { role status missing } }';
const FIVE = ['SCREENING', 'SET_AND_SETTING', 'INTEGRATION', 'ETHICS', 'TRAUMA_INFORMED_CARE'];

describe('supervision log (real gateway, PostgreSQL as the runtime role)', () => {
  // Clinic day 2026-06-15 (America/New_York by default).
  const clock = new ManualClock(new Date('2026-06-15T16:00:00Z'));
  let app: TestGateway;
  let superuser: Client;
  let clinic: Clinic;
  let other: Clinic;
  let supervisor: Member;
  let trainee: Member;
  let unqualified: Member;
  let stranger: Member;
  let elsewhere: Member;

  const entry = (over: Record<string, unknown> = {}) => ({ traineeId: trainee.membershipId, supervisorId: supervisor.membershipId, heldOn: '2026-06-10', hours: 2, kind: 'SUPERVISION', modules: ['INTEGRATION'], ...over });
  const log = (who: Member, over: Record<string, unknown> = {}) => gql(app, LOG, { i: entry(over) }, who.accessToken);
  const confirm = (who: Member, id: string) => gql(app, CONFIRM, { id }, who.accessToken);
  const facilitatorOf = async (who: Member) =>
    ((await gql(app, READINESS, {}, who.accessToken)).body.data?.myReadiness as { role: string; status: string; missing: string[] }[]).find((r) => r.role === 'FACILITATOR');
  const trained = async (who: Member, hours: number) => {
    const id = (await gql(app, ADD, { i: { kind: 'KAP_TRAINING', issuer: 'An institute', issuedOn: '2025-03-01', hours, modules: FIVE } }, who.accessToken)).body.data?.addCredential.id as string;
    await gql(app, VERIFY, { id }, clinic.admin.accessToken);
  };

  beforeAll(async () => {
    app = await startTestGateway({ clock });
    superuser = await superuserOf(app);
    clinic = await createClinic(app, clock, 'supervision');
    other = await createClinic(app, clock, 'supervision-other');
    supervisor = await addMember(app, clinic, ['THERAPIST']);
    trainee = await addMember(app, clinic, ['THERAPIST']);
    unqualified = await addMember(app, clinic, ['THERAPIST']);
    stranger = await addMember(app, clinic, ['THERAPIST']);
    elsewhere = await addMember(app, other, ['THERAPIST']);
    await trained(supervisor, 48);
    await trained(trainee, 36);
  });

  afterAll(async () => {
    await superuser.end();
    await app.stop();
  });

  it('confirmed supervision tops a trainee’s course hours up to the programme’s 40', async () => {
    expect(await facilitatorOf(trainee)).toMatchObject({ status: 'TRAINEE', missing: ['TRAINING_HOURS'] });

    const byTrainee = (await log(trainee)).body.data?.logSupervision as Record<string, any>;
    expect(byTrainee).toMatchObject({ traineeId: trainee.membershipId, supervisorId: supervisor.membershipId, loggedBy: trainee.membershipId, heldOn: '2026-06-10', hours: 2, confirmed: false });
    const bySupervisor = (await log(supervisor, { kind: 'CONSULTATION', hours: 2, heldOn: '2026-06-15', note: 'Reviewed integration plans' })).body.data?.logSupervision as Record<string, any>;
    // Unconfirmed entries count for nothing.
    expect(await facilitatorOf(trainee)).toMatchObject({ status: 'TRAINEE', missing: ['TRAINING_HOURS'] });

    expect((await confirm(supervisor, byTrainee.id)).body.data?.confirmSupervision).toMatchObject({ confirmed: true, confirmedBy: supervisor.membershipId });
    expect(await facilitatorOf(trainee)).toMatchObject({ status: 'TRAINEE', missing: ['TRAINING_HOURS'] });
    expect((await confirm(trainee, bySupervisor.id)).body.data?.confirmSupervision).toMatchObject({ confirmed: true, confirmedBy: trainee.membershipId });
    expect(await facilitatorOf(trainee)).toMatchObject({ status: 'READY', missing: [] });

    // Confirming twice changes nothing.
    const again = await confirm(trainee, bySupervisor.id);
    expect(again.body.data?.confirmSupervision).toMatchObject({ confirmed: true, confirmedBy: trainee.membershipId });

    // The roster (admins) counts the same hours.
    const roster = (await gql(app, '{ roster(page: { first: 100 }) { edges { node { membershipId readiness { role status } } } } }', {}, clinic.admin.accessToken)).body.data?.roster.edges as { node: { membershipId: string; readiness: { role: string; status: string }[] } }[];
    expect(roster.find((e) => e.node.membershipId === trainee.membershipId)?.node.readiness.find((r) => r.role === 'FACILITATOR')?.status).toBe('READY');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['zero hours', { hours: 0 }, 'hours'],
    ['negative hours', { hours: -1 }, 'hours'],
    ['more than 12 hours in one entry', { hours: 12.5 }, 'hours'],
    ['a session not yet held', { heldOn: '2026-06-16' }, 'heldOn'],
    ['a date that is not one', { heldOn: '2026-02-30' }, 'heldOn'],
    ['an unknown kind', { kind: 'COFFEE' }, 'kind'],
    ['an unknown module', { modules: ['ASTROLOGY'] }, 'modules'],
    ['a note over 1000 characters', { note: 'n'.repeat(1001) }, 'note'],
    ['supervising oneself', { supervisorId: '$trainee' }, 'supervisorId'],
  ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_label, over, field) => {
    const before = await everyRow(superuser);
    const response = await log(trainee, over.supervisorId === '$trainee' ? { supervisorId: trainee.membershipId } : over);
    expect([codeOf(response), fieldOf(response)]).toEqual(['BAD_USER_INPUT', field]);
    expect(await everyRow(superuser)).toEqual(before);
  });

  it('refuses a supervisor who does not meet the facilitator requirement, naming what is missing', async () => {
    const before = await everyRow(superuser);
    const response = await log(trainee, { supervisorId: unqualified.membershipId });
    expect([codeOf(response), fieldOf(response)]).toEqual(['BAD_USER_INPUT', 'supervisorId']);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ reason: 'CREDENTIALS', unmet: [...FIVE.map((m) => `TRAINING_${m}`), 'TRAINING_HOURS'] });
    expect(await everyRow(superuser)).toEqual(before);
  });

  it('another clinic’s member is as unknown as one that exists nowhere', async () => {
    const before = await everyRow(superuser, { refusalsAudited: true });
    const response = await log(trainee, { supervisorId: elsewhere.membershipId });
    expect([codeOf(response), fieldOf(response)]).toEqual(['NOT_FOUND', 'supervisorId']);
    const asTrainee = await log(trainee, { traineeId: elsewhere.membershipId });
    expect([codeOf(asTrainee), fieldOf(asTrainee)]).toEqual(['NOT_FOUND', 'traineeId']);
    expect(await everyRow(superuser, { refusalsAudited: true })).toEqual(before);
  });

  it('refuses an entry with a deactivated member, writing nothing', async () => {
    const leaving = await addMember(app, clinic, ['THERAPIST']);
    await gql(app, 'mutation D($id: ID!) { deactivateMember(id: $id) { id } }', { id: leaving.membershipId }, clinic.admin.accessToken);
    const before = await everyRow(superuser);
    const response = await log(supervisor, { traineeId: leaving.membershipId });
    expect([codeOf(response), fieldOf(response)]).toEqual(['BAD_USER_INPUT', 'traineeId']);
    expect(await everyRow(superuser)).toEqual(before);
  });

  it('only a party logs an entry, and only the other party confirms it', async () => {
    let before = await everyRow(superuser, { refusalsAudited: true });
    expect(codeOf(await log(stranger))).toBe('FORBIDDEN');
    expect(codeOf(await log(clinic.admin))).toBe('FORBIDDEN');
    expect(await everyRow(superuser, { refusalsAudited: true })).toEqual(before);

    const mine = (await log(trainee, { hours: 1 })).body.data?.logSupervision.id as string;
    before = await everyRow(superuser, { refusalsAudited: true });
    expect(codeOf(await confirm(trainee, mine))).toBe('FORBIDDEN');
    expect(codeOf(await confirm(clinic.admin, mine))).toBe('FORBIDDEN');
    expect(codeOf(await confirm(stranger, mine))).toBe('NOT_FOUND');
    expect(codeOf(await confirm(other.admin, mine))).toBe('NOT_FOUND');
    expect(await everyRow(superuser, { refusalsAudited: true })).toEqual(before);
    expect((await confirm(supervisor, mine)).body.data?.confirmSupervision.confirmed).toBe(true);
  });

  it('a log is read by the member, their supervisor and admins, a page at a time', async () => {
    const pages = async (who: { accessToken: string }, membershipId: string) => {
      const ids: string[] = [];
      let after: string | null = null;
      do {
        const response: GraphQLResponse = await gql(app, LOG_OF, { m: membershipId, after }, who.accessToken);
        if (response.body.errors) return codeOf(response);
        const connection = response.body.data?.supervisionLog as { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
        ids.push(...connection.edges.map((e) => e.node.id));
        after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
      } while (after);
      return ids;
    };
    const all = await pages(trainee, trainee.membershipId);
    expect(Array.isArray(all) && all.length).toBe(3);
    expect(await pages(supervisor, trainee.membershipId)).toEqual(all);
    expect(await pages(clinic.admin, trainee.membershipId)).toEqual(all);
    // A colleague who is no party sees nothing of it; another clinic does not know the member.
    expect(await pages(stranger, trainee.membershipId)).toEqual([]);
    expect(await pages(other.admin, trainee.membershipId)).toBe('NOT_FOUND');
  });
});
