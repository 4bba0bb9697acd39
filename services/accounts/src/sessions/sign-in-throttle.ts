import { createHash } from 'node:crypto';
import { RateLimitedError } from '@tandem/core';
import { redisKeys } from '@tandem/jobs';
import type { SignInStep } from '@tandem/jobs';
import type { Redis } from 'ioredis';

/**
 * Failed sign-ins counted in Redis per account and per client address over a 15-minute window.
 * Unknown e-mails are counted like known ones, so a lock-out says nothing about existence.
 * Keys hold a hash of the e-mail, never the address itself. The two keys hash to different Redis
 * Cluster slots, so each command touches one key (no MGET or MULTI across them).
 */
const WINDOW_SECONDS = 15 * 60;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 30;

export class SignInThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly step: SignInStep = 'password',
  ) {}

  async assertAllowed(account: string, address: string): Promise<void> {
    const keys = [this.accountKey(account), this.addressKey(address)];
    const [byAccount, byAddress] = (await Promise.all(keys.map((key) => this.redis.get(key)))).map((v) => Number(v ?? 0));
    if ((byAccount ?? 0) >= MAX_FAILURES_PER_ACCOUNT) throw new RateLimitedError(await this.retryAfter(keys[0] ?? ''));
    if ((byAddress ?? 0) >= MAX_FAILURES_PER_ADDRESS) throw new RateLimitedError(await this.retryAfter(keys[1] ?? ''));
  }

  async recordFailure(account: string, address: string): Promise<void> {
    const keys = [this.accountKey(account), this.addressKey(address)];
    await Promise.all(keys.map((key) => this.redis.multi().incr(key).expire(key, WINDOW_SECONDS, 'NX').exec()));
  }

  async clear(account: string): Promise<void> {
    await this.redis.del(this.accountKey(account));
  }

  private async retryAfter(key: string): Promise<number> {
    return Math.max(1, await this.redis.ttl(key));
  }

  private accountKey(account: string): string {
    return redisKeys.signInFailuresByAccount(this.prefix, this.step, createHash('sha256').update(account.trim().toLowerCase()).digest('hex'));
  }

  private addressKey(address: string): string {
    return redisKeys.signInFailuresByAddress(this.prefix, this.step, address);
  }
}
