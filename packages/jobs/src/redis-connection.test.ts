import { DEFAULT_JOB_OPTIONS, redisOptions } from './index';

describe('BullMQ connection settings', () => {
  it('let workers wait through Redis outages', () => {
    expect(redisOptions('worker')).toMatchObject({ maxRetriesPerRequest: null, enableOfflineQueue: true });
  });

  it('make producers fail fast', () => {
    expect(redisOptions('producer')).toMatchObject({ maxRetriesPerRequest: 1, enableOfflineQueue: false });
  });

  it('back off exponentially up to five seconds', () => {
    const retry = redisOptions('worker').retryStrategy;
    expect([1, 2, 3, 10, 20].map((n) => retry?.(n))).toEqual([100, 200, 400, 5_000, 5_000]);
  });

  it('retry jobs with exponential backoff and keep failures', () => {
    expect(DEFAULT_JOB_OPTIONS).toMatchObject({ attempts: 8, backoff: { type: 'exponential' }, removeOnFail: false });
  });
});
