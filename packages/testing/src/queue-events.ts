import type { Redis } from 'ioredis';

export interface QueueAdds {
  /** How many times each job id was added to the queue. */
  readonly added: ReadonlyMap<string, number>;
  /** How many times an add was refused because a job with that id existed ("duplicated"). */
  readonly duplicated: ReadonlyMap<string, number>;
}

/**
 * Every add a BullMQ queue recorded, read from its event stream (`<prefix>:<queue>:events`, kept to
 * about 10,000 events): what a producer really enqueued, whatever has been processed since.
 */
export async function queueAdds(redis: Redis, bullPrefix: string, queue: string): Promise<QueueAdds> {
  const added = new Map<string, number>();
  const duplicated = new Map<string, number>();
  const entries = await redis.xrange(`${bullPrefix}:${queue}:events`, '-', '+');
  for (const [, fields] of entries) {
    const event = fieldOf(fields, 'event');
    const jobId = fieldOf(fields, 'jobId');
    const counts = event === 'added' ? added : event === 'duplicated' ? duplicated : null;
    if (counts && jobId) counts.set(jobId, (counts.get(jobId) ?? 0) + 1);
  }
  return { added, duplicated };
}

function fieldOf(fields: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}
