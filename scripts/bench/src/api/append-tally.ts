import type { Database } from '@tandem/db';

/**
 * How Tandem's requests appended their read audit events while `during` ran (group commit,
 * docs/audit.md): for themselves, carrying others, carried, alone after a failed carrier, or in
 * their own transaction because the carrier was full. Summed over every `during`.
 */
export function appendTally(db: Database) {
  const total: Record<string, number> = {};
  return {
    during: async <T>(run: () => Promise<T>): Promise<T> => {
      const before = db.groupCommitCounts;
      try {
        return await run();
      } finally {
        for (const [how, count] of Object.entries(db.groupCommitCounts)) total[how] = (total[how] ?? 0) + count - before[how as keyof typeof before];
      }
    },
    summary: () => `read events appended by requests: ${Object.entries(total).map(([how, count]) => `${how} ${count}`).join(', ')}`,
  };
}
