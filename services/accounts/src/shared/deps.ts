import type { Clock, Logger } from '@tandem/core';
import type { Database } from '@tandem/db';
import type { Redis } from 'ioredis';
import type { SecretBox } from '../mfa/secret-box';
import type { TokenSigner } from '../tokens/access-token';

/** What the accounts service needs from its host process. */
export interface AccountsDeps {
  readonly db: Database;
  readonly redis: Redis;
  /** Prefix of this deployment's Redis keys (tests use their own). */
  readonly redisPrefix: string;
  readonly tokens: TokenSigner;
  readonly secrets: SecretBox;
  readonly clock: Clock;
  readonly log: Logger;
}
