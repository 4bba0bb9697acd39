import { ManualClock } from '@tandem/core';
import type { Database } from '@tandem/db';
import { ACCEPT, INVITE, PASSWORD, addMember, codeOf, createClinic, fieldOf, gql } from './support/clinic-fixture';
import type { Clinic } from './support/clinic-fixture';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

describe('clinic administration (through HTTP)', () => {
  const clock = new ManualClock(new Date());
  let app: TestGateway;
  let clinic: Clinic;
  let other: Clinic;
  let db: Database;

  beforeAll(async () => {
    app = await startTestGateway({ clock });
    clinic = await createClinic(app, clock);
    other = await createClinic(app, clock, 'other');
    db = await app.testDb.connect();
  });

  afterAll(async () => {
    await app.stop();
  });

  /** Rows of a table in a clinic, read on the system path so that the test sees the truth. */
  const count = async (table: string, tenantId: string) =>
    (await db.asSystem('test-fixture', (m) => m.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`, [tenantId])))[0]?.n;

  describe('invitations', () => {
    it.each([
      [{ email: 'not-an-email', roles: ['NURSE'] }, 'BAD_USER_INPUT', 'email'],
      [{ email: 'a@b.example', roles: [] }, 'BAD_USER_INPUT', 'roles'],
      [{ email: 'a@b.example', roles: ['NURSE', 'NURSE'] }, 'BAD_USER_INPUT', 'roles'],
      [{ email: 'a@b.example', roles: ['ADMIN'], outsideCollaborator: true }, 'BAD_USER_INPUT', 'roles'],
    ])('refuses %j and writes nothing', async (input, code, field) => {
      const before = await count('invitation', clinic.id);
      const response = await gql(app, INVITE, { input }, clinic.admin.accessToken);
      expect([codeOf(response), fieldOf(response)]).toEqual([code, field]);
      expect(await count('invitation', clinic.id)).toBe(before);
    });

    it('refuses an unknown role at the schema', async () => {
      expect(codeOf(await gql(app, INVITE, { input: { email: 'a@b.example', roles: ['SURGEON'] } }, clinic.admin.accessToken))).toBe('BAD_USER_INPUT');
    });

    it('refuses a second pending invitation for the same e-mail, and an existing member', async () => {
      await gql(app, INVITE, { input: { email: 'twice@clinic.example', roles: ['STAFF'] } }, clinic.admin.accessToken);
      expect(codeOf(await gql(app, INVITE, { input: { email: 'TWICE@clinic.example', roles: ['STAFF'] } }, clinic.admin.accessToken))).toBe('CONFLICT');
      expect(codeOf(await gql(app, INVITE, { input: { email: clinic.admin.email, roles: ['STAFF'] } }, clinic.admin.accessToken))).toBe('CONFLICT');
    });

    it('is single-use', async () => {
      const token = (await gql(app, INVITE, { input: { email: 'once@clinic.example', roles: ['NURSE'] } }, clinic.admin.accessToken)).body.data?.inviteMember.token as string;
      const input = { token, password: PASSWORD, displayName: 'Once' };
      expect(codeOf(await gql(app, ACCEPT, { input }))).toBeUndefined();
      const reused = await gql(app, ACCEPT, { input });
      expect([codeOf(reused), fieldOf(reused)]).toEqual(['BAD_USER_INPUT', 'token']);
    });

    it('expires after seven days', async () => {
      const token = (await gql(app, INVITE, { input: { email: 'late@clinic.example', roles: ['NURSE'] } }, clinic.admin.accessToken)).body.data?.inviteMember.token as string;
      clock.advance(7 * 86_400_000 + 1_000);
      try {
        expect(codeOf(await gql(app, ACCEPT, { input: { token, password: PASSWORD, displayName: 'Late' } }))).toBe('BAD_USER_INPUT');
      } finally {
        clock.advance(-(7 * 86_400_000 + 1_000));
      }
    });

    it('refuses revoked and tampered tokens, weak passwords, and a wrong password for an existing account', async () => {
      const invited = (await gql(app, INVITE, { input: { email: 'revoked@clinic.example', roles: ['NURSE'] } }, clinic.admin.accessToken)).body.data?.inviteMember as { token: string; invitation: { id: string } };
      await gql(app, `mutation { revokeInvitation(id: "${invited.invitation.id}") { revokedAt } }`, {}, clinic.admin.accessToken);
      expect(codeOf(await gql(app, ACCEPT, { input: { token: invited.token, password: PASSWORD, displayName: 'R' } }))).toBe('BAD_USER_INPUT');
      expect(codeOf(await gql(app, ACCEPT, { input: { token: `${invited.token.slice(0, -2)}${invited.token.endsWith('xx') ? 'yy' : 'xx'}`, password: PASSWORD, displayName: 'R' } }))).toBe('BAD_USER_INPUT');

      const weak = (await gql(app, INVITE, { input: { email: 'weak@clinic.example', roles: ['NURSE'] } }, clinic.admin.accessToken)).body.data?.inviteMember.token as string;
      const refused = await gql(app, ACCEPT, { input: { token: weak, password: 'password1234', displayName: 'W' } });
      expect([codeOf(refused), fieldOf(refused)]).toEqual(['BAD_USER_INPUT', 'password']);

      const linking = (await gql(app, INVITE, { input: { email: other.admin.email, roles: ['THERAPIST'] } }, clinic.admin.accessToken)).body.data?.inviteMember.token as string;
      expect(codeOf(await gql(app, ACCEPT, { input: { token: linking, password: 'someone-elses-pw-1' } }))).toBe('UNAUTHENTICATED');
      expect(codeOf(await gql(app, ACCEPT, { input: { token: linking, password: PASSWORD } }))).toBeUndefined();
    });
  });

  describe('members', () => {
    it('shows a role change on the next request', async () => {
      const member = await addMember(app, clinic, ['STAFF']);
      expect(codeOf(await gql(app, `{ invitations(page: { first: 5 }) { count } }`, {}, member.accessToken))).toBe('FORBIDDEN');
      await gql(app, `mutation { changeMemberRoles(id: "${member.membershipId}", roles: [ADMIN]) { roles } }`, {}, clinic.admin.accessToken);
      expect(codeOf(await gql(app, `{ invitations(page: { first: 5 }) { count } }`, {}, member.accessToken))).toBeUndefined();
    });

    it("refuses a deactivated member's still-valid token on the next request", async () => {
      const member = await addMember(app, clinic, ['THERAPIST']);
      expect(codeOf(await gql(app, '{ clinic { slug } }', {}, member.accessToken))).toBeUndefined();
      const deactivated = await gql(app, `mutation { deactivateMember(id: "${member.membershipId}") { status } }`, {}, clinic.admin.accessToken);
      expect(deactivated.body.data).toEqual({ deactivateMember: { status: 'DEACTIVATED' } });
      expect(codeOf(await gql(app, '{ clinic { slug } }', {}, member.accessToken))).toBe('UNAUTHENTICATED');
      expect(codeOf(await gql(app, 'mutation R($t: String!) { refreshSession(refreshToken: $t) { accessToken } }', { t: member.refreshToken }))).toBe('UNAUTHENTICATED');
    });

    it('will not let an admin demote or deactivate themself', async () => {
      const own = clinic.admin.membershipId;
      expect(codeOf(await gql(app, `mutation { deactivateMember(id: "${own}") { status } }`, {}, clinic.admin.accessToken))).toBe('FORBIDDEN');
      expect(codeOf(await gql(app, `mutation { changeMemberRoles(id: "${own}", roles: [STAFF]) { roles } }`, {}, clinic.admin.accessToken))).toBe('FORBIDDEN');
    });

    it("answers NOT_FOUND for another clinic's ids, with a valid token of this clinic", async () => {
      const foreign = other.admin.membershipId;
      expect(codeOf(await gql(app, `{ member(id: "${foreign}") { id } }`, {}, clinic.admin.accessToken))).toBe('NOT_FOUND');
      expect(codeOf(await gql(app, `mutation { deactivateMember(id: "${foreign}") { status } }`, {}, clinic.admin.accessToken))).toBe('NOT_FOUND');
      expect(codeOf(await gql(app, `{ member(id: "not-a-uuid") { id } }`, {}, clinic.admin.accessToken))).toBe('NOT_FOUND');
    });

    it('pages with a required, capped `first` and opaque cursors', async () => {
      const firstPage = (await gql(app, '{ members(page: { first: 1 }) { edges { node { id } } pageInfo { hasNextPage endCursor } } }', {}, clinic.admin.accessToken)).body.data?.members;
      expect(firstPage.pageInfo.hasNextPage).toBe(true);
      const second = await gql(app, `{ members(page: { first: 1, after: "${firstPage.pageInfo.endCursor}" }) { edges { node { id } } } }`, {}, clinic.admin.accessToken);
      expect(second.body.data?.members.edges[0].node.id).not.toBe(firstPage.edges[0].node.id);
      expect(fieldOf(await gql(app, '{ members(page: { first: 101 }) { count } }', {}, clinic.admin.accessToken))).toBe('first');
      expect(fieldOf(await gql(app, '{ members(page: { first: 0 }) { count } }', {}, clinic.admin.accessToken))).toBe('first');
      expect(fieldOf(await gql(app, '{ members(page: { first: 5, after: "bogus" }) { count } }', {}, clinic.admin.accessToken))).toBe('after');
    });
  });

  describe('clinic settings', () => {
    it('lets an admin change them, validated whole, naming the field it refuses, writing nothing', async () => {
      const UPDATE = 'mutation U($input: UpdateClinicInput!) { updateClinic(input: $input) { name settings } }';
      const changed = await gql(app, UPDATE, { input: { settings: { timezone: 'America/Chicago', session: { idleTimeoutMinutes: 15 } } } }, clinic.admin.accessToken);
      expect(changed.body.data?.updateClinic.settings).toMatchObject({ timezone: 'America/Chicago', session: { idleTimeoutMinutes: 15, absoluteTimeoutHours: 12 } });
      const refused = await gql(app, UPDATE, { input: { name: 'Renamed', settings: { session: { idleTimeoutMinutes: 1 } } } }, clinic.admin.accessToken);
      expect([codeOf(refused), fieldOf(refused)]).toEqual(['BAD_USER_INPUT', 'settings.session.idleTimeoutMinutes']);
      expect((await gql(app, '{ clinic { name } }', {}, clinic.admin.accessToken)).body.data?.clinic.name).not.toBe('Renamed');
    });

    it('is admin-only', async () => {
      const prescriber = await addMember(app, clinic, ['PRESCRIBER']);
      expect(codeOf(await gql(app, 'mutation { updateClinic(input: { name: "Mine" }) { name } }', {}, prescriber.accessToken))).toBe('FORBIDDEN');
    });
  });

  describe('creating clinics', () => {
    const CREATE = 'mutation C($input: CreateClinicInput!) { createClinic(input: $input) { clinic { slug } invitationToken } }';

    it('is for platform admins only, and refuses a taken slug', async () => {
      const input = { name: 'New Clinic', slug: 'new-clinic-x', adminEmail: 'boss@new.example' };
      expect(codeOf(await gql(app, CREATE, { input }, clinic.admin.accessToken))).toBe('FORBIDDEN');
      await db.asSystem('test-fixture', (m) => m.query(`UPDATE app_user SET platform_admin = true WHERE id = $1`, [clinic.admin.userId]));
      expect((await gql(app, CREATE, { input }, clinic.admin.accessToken)).body.data?.createClinic.clinic).toEqual({ slug: 'new-clinic-x' });
      const collision = await gql(app, CREATE, { input: { ...input, adminEmail: 'other@new.example' } }, clinic.admin.accessToken);
      expect([codeOf(collision), fieldOf(collision)]).toEqual(['CONFLICT', 'slug']);
      const badSlug = await gql(app, CREATE, { input: { ...input, slug: 'Not A Slug' } }, clinic.admin.accessToken);
      expect([codeOf(badSlug), fieldOf(badSlug)]).toEqual(['BAD_USER_INPUT', 'slug']);
    });
  });

  describe('partner API keys', () => {
    const CREATE = 'mutation K($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id prefix scopes } } }';

    it('act for one clinic within their scopes; rotation and revocation stop the old secret', async () => {
      const created = (await gql(app, CREATE, { input: { label: 'EHR sync', scopes: ['tenant:read'] } }, clinic.admin.accessToken)).body.data?.createApiKey;
      expect(created.secret).toMatch(/^tdmk_/);
      expect((await gql(app, '{ clinic { slug settings } }', {}, created.secret)).body.data).toEqual({ clinic: { slug: clinic.slug, settings: null } });
      expect(codeOf(await gql(app, '{ members(page: { first: 5 }) { count } }', {}, created.secret))).toBe('FORBIDDEN');
      expect(codeOf(await gql(app, CREATE, { input: { label: 'escalate', scopes: ['tenant:read'] } }, created.secret))).toBe('FORBIDDEN');

      const listed = (await gql(app, '{ apiKeys(page: { first: 10 }) { edges { node { id prefix lastUsedAt } } } }', {}, clinic.admin.accessToken)).body.data?.apiKeys.edges;
      expect(JSON.stringify(listed)).not.toContain(created.secret);
      expect(listed[0].node.lastUsedAt).not.toBeNull();

      const rotated = (await gql(app, `mutation { rotateApiKey(id: "${created.apiKey.id}") { secret } }`, {}, clinic.admin.accessToken)).body.data?.rotateApiKey.secret as string;
      expect(codeOf(await gql(app, '{ clinic { slug } }', {}, created.secret))).toBe('UNAUTHENTICATED');
      expect(codeOf(await gql(app, '{ clinic { slug } }', {}, rotated))).toBeUndefined();
      const rotatedId = (await gql(app, '{ apiKeys(page: { first: 10 }) { edges { node { id revokedAt } } } }', {}, clinic.admin.accessToken)).body.data?.apiKeys.edges.find((e: { node: { revokedAt: unknown } }) => !e.node.revokedAt).node.id;
      await gql(app, `mutation { revokeApiKey(id: "${rotatedId}") { revokedAt } }`, {}, clinic.admin.accessToken);
      expect(codeOf(await gql(app, '{ clinic { slug } }', {}, rotated))).toBe('UNAUTHENTICATED');
    });

    it('stop at their expiry', async () => {
      const expiresAt = new Date(clock.now().getTime() + 60_000).toISOString();
      const { secret } = (await gql(app, CREATE, { input: { label: 'short', scopes: ['tenant:read'], expiresAt } }, clinic.admin.accessToken)).body.data?.createApiKey;
      expect(codeOf(await gql(app, '{ clinic { slug } }', {}, secret))).toBeUndefined();
      clock.advance(61_000);
      expect(codeOf(await gql(app, '{ clinic { slug } }', {}, secret))).toBe('UNAUTHENTICATED');
    });

    it.each([
      [{ label: '', scopes: ['tenant:read'] }, 'label'],
      [{ label: 'x', scopes: [] }, 'scopes'],
      [{ label: 'x', scopes: ['notes:psychotherapy'] }, 'scopes'],
      [{ label: 'x', scopes: ['tenant:read'], expiresAt: '2001-01-01T00:00:00Z' }, 'expiresAt'],
    ])('refuse %j and write nothing', async (input, field) => {
      const before = await count('api_key', clinic.id);
      const response = await gql(app, CREATE, { input }, clinic.admin.accessToken);
      expect([codeOf(response), fieldOf(response)]).toEqual(['BAD_USER_INPUT', field]);
      expect(await count('api_key', clinic.id)).toBe(before);
    });
  });
});
