import { ManualClock, newId } from '@tandem/core';
import { addMember, codeOf, createClinic, gql } from './support/clinic-fixture';
import { startTestGateway } from './support/test-gateway';
import type { TestGateway } from './support/test-gateway';

describe('the in-app inbox (through HTTP)', () => {
  const clock = new ManualClock(new Date());
  let app: TestGateway;

  beforeAll(async () => {
    app = await startTestGateway({ clock });
  });

  afterAll(async () => {
    await app.stop();
  });

  it("lists a member's own notifications, counts unread, marks read; never another's", async () => {
    const clinic = await createClinic(app, clock, 'inbox');
    const nurse = await addMember(app, clinic, ['NURSE']);
    const therapist = await addMember(app, clinic, ['THERAPIST']);
    const ids = [newId(), newId()];
    await app.db.withTenant({ tenantId: clinic.id }, async (m) => {
      for (const [i, id] of ids.entries()) {
        await m.query(
          `INSERT INTO notification (tenant_id, id, membership_id, kind, subject_type, subject_id, dedupe_key, created_at) VALUES ($1, $2, $3, 'SAFETY_ALERT', 'SafetySignal', $4, $5, now())`,
          [clinic.id, id, nurse.membershipId, newId(), `test:${i}`],
        );
      }
    });
    expect((await gql(app, '{ unreadNotificationCount }', {}, nurse.accessToken)).body.data).toEqual({ unreadNotificationCount: 2 });
    expect((await gql(app, '{ inbox(page: { first: 10 }) { count edges { node { kind } } } }', {}, nurse.accessToken)).body.data?.inbox.count).toBe(2);
    expect((await gql(app, '{ inbox(page: { first: 10 }) { count } }', {}, therapist.accessToken)).body.data?.inbox.count).toBe(0);
    expect(codeOf(await gql(app, `mutation { markNotificationRead(id: "${ids[0] ?? ''}") { readAt } }`, {}, therapist.accessToken))).toBe('NOT_FOUND');
    await gql(app, `mutation { markNotificationRead(id: "${ids[0] ?? ''}") { readAt } }`, {}, nurse.accessToken);
    expect((await gql(app, '{ unreadNotificationCount }', {}, nurse.accessToken)).body.data).toEqual({ unreadNotificationCount: 1 });
  });
});
