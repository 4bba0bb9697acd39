import { readFileSync } from 'node:fs';
import path from 'node:path';
import { QueueName } from './queues';
import { REDIS_KEY_PATTERNS, isDocumentedKey, legacyQueuePrefix, patternRegExp, queuePrefix, redisKeys } from './redis-keys';

const TENANT = '6f1c2a10-8d3e-4b7a-9c55-0e2f4a6b8c9d';
const USER = '0b7e9f52-3a41-4c6d-8e2f-1a9b3c5d7e6f';
const SHA = 'a'.repeat(64);
const DOCS = path.resolve(__dirname, '../../../docs/operations.md');

/** The rows of the table under "## Redis keys and Redis Cluster": pattern, tenant, holds. */
function documentedRows(): string[][] {
  const text = readFileSync(DOCS, 'utf8');
  const section = text.split(/^## /m).find((part) => part.startsWith('Redis keys and Redis Cluster\n'));
  if (!section) throw new Error('docs/operations.md has no "## Redis keys and Redis Cluster"');
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.slice(1, -1).split(' | ').map((cell) => cell.trim()));
}

describe('Redis keys', () => {
  it('are the table of docs/operations.md, row for row', () => {
    expect(documentedRows()).toEqual(REDIS_KEY_PATTERNS.map((p) => [`\`${p.pattern}\``, p.tenant, p.holds]));
  });

  it('give each queue a hash tag of its own', () => {
    expect(queuePrefix('tandem', QueueName.Notify)).toBe('{tandem:notify}');
    expect(queuePrefix('tandem', QueueName.Reminders)).toBe('{tandem:reminders}');
    expect(legacyQueuePrefix('tandem')).toBe('{tandem}');
  });

  it('match what the builders write', () => {
    const written = [
      `${queuePrefix('tandem', QueueName.Notify)}:${QueueName.Notify}:wait`,
      `${queuePrefix('tandem-test-0a1b2c3d', QueueName.CareRules)}:${QueueName.CareRules}:repeat:care-rule-sweep`,
      redisKeys.rateLimit('tandem', TENANT, { apiKeyId: USER }),
      redisKeys.rateLimit('tandem', TENANT, { userId: USER }),
      redisKeys.tenantKeysRateLimit('tandem', TENANT),
      redisKeys.idempotency('tandem', TENANT, `user-${USER}`, 'openCase', 'retry-1'),
      `${redisKeys.persistedQueries('tandem')}apq:${SHA}`,
      redisKeys.signInFailuresByAccount('tandem', 'password', SHA),
      redisKeys.signInFailuresByAddress('tandem', 'password', '::ffff:127.0.0.1'),
      redisKeys.signInFailuresByAccount('tandem', 'mfa', SHA),
      redisKeys.signInFailuresByAddress('tandem', 'mfa', '127.0.0.1'),
    ];
    expect(written.filter((key) => !isDocumentedKey(key))).toEqual([]);
  });

  it('refuse keys outside the patterns', () => {
    const strays = [
      `{tandem}:${QueueName.Notify}:wait`, // the old single-slot prefix
      `{tandem:notify}:reminders:wait`, // a queue's keys under another queue's tag
      `{tandem:unknown}:unknown:wait`, // a queue that is not in QueueName
      `tandem:rl:${TENANT}:keys`, // a rate limit without its hash tag
      `tandem:idem:not-a-tenant:user-${USER}:openCase:k`,
      `Tandem:apq:apq:${SHA}`, // a prefix REDIS_KEY_PREFIX refuses
      `bull:notify:wait`, // BullMQ's default prefix
      'session:abc',
    ];
    expect(strays.filter((key) => isDocumentedKey(key))).toEqual([]);
  });

  it('refuse an unknown placeholder', () => {
    expect(() => patternRegExp('<prefix>:x:<nothing>')).toThrow('unknown placeholder <nothing>');
  });
});
