import {
  AppError,
  BadUserInputError,
  ManualClock,
  NotFoundError,
  RateLimitedError,
  RequestContext,
  actorLabel,
  anonymous,
  isUuidV7,
  newId,
  silentLogger,
  tenantOf,
} from '../src';
import type { UserPrincipal } from '../src';
import { createMongoAbility } from '@casl/ability';

const clinician: UserPrincipal = {
  kind: 'user',
  userId: '0190f5b0-0000-7000-8000-000000000001',
  tenantId: '0190f5b0-0000-7000-8000-0000000000aa',
  sessionId: '0190f5b0-0000-7000-8000-0000000000bb',
  membershipId: '0190f5b0-0000-7000-8000-0000000000cc',
  roles: ['THERAPIST'],
  outsideCollaborator: false,
  platformAdmin: false,
  mfaSatisfied: true,
};

describe('ids', () => {
  it('mints UUIDv7 ids that sort by creation time', () => {
    const ids = Array.from({ length: 200 }, () => newId());
    expect(ids.every(isUuidV7)).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('tells a v4 id from a v7 id', () => {
    expect(isUuidV7('9b2f8f5e-7d1c-4a7e-9d3a-1c2b3d4e5f60')).toBe(false);
    expect(isUuidV7('not-a-uuid')).toBe(false);
  });
});

describe('errors', () => {
  it('carry a stable code and client-safe details into extensions', () => {
    expect(new BadUserInputError('email', 'Not an email address').toExtensions()).toEqual({ code: 'BAD_USER_INPUT', field: 'email' });
    expect(new RateLimitedError(30).toExtensions()).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 30 });
    const notFound = new NotFoundError('Case');
    expect(notFound).toBeInstanceOf(AppError);
    expect(notFound.message).toBe('Case not found');
    expect(notFound.name).toBe('NotFoundError');
  });
});

describe('clock', () => {
  it('stands still until advanced', () => {
    const clock = new ManualClock('2026-03-01T00:00:00Z');
    expect(clock.now().toISOString()).toBe('2026-03-01T00:00:00.000Z');
    clock.advance(90_000);
    expect(clock.now().toISOString()).toBe('2026-03-01T00:01:30.000Z');
  });
});

describe('principals and the request context', () => {
  it('derive the tenant only from the principal', () => {
    expect(tenantOf(clinician)).toBe(clinician.tenantId);
    expect(tenantOf(anonymous)).toBeNull();
    expect(tenantOf({ kind: 'partner', apiKeyId: 'k', tenantId: 't', scopes: [] })).toBe('t');
    expect(actorLabel(clinician)).toBe(`user:${clinician.userId}`);
  });

  it('is immutable, and carries the request transaction it was given (none by default)', () => {
    const ctx = new RequestContext({ requestId: 'r1', principal: clinician, ability: createMongoAbility(), log: silentLogger(), clock: new ManualClock() });
    expect(Object.isFrozen(ctx)).toBe(true);
    expect(ctx.tenantId).toBe(clinician.tenantId);
    expect(ctx.userId).toBe(clinician.userId);
    expect(ctx.requestTransaction).toBeUndefined();
    const transaction = {};
    expect(new RequestContext({ requestId: 'r2', principal: clinician, ability: createMongoAbility(), log: silentLogger(), clock: new ManualClock(), requestTransaction: transaction }).requestTransaction).toBe(transaction);
  });
});
